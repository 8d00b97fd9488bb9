namespace BuildPeer.IntegrationTests.Stack;

public static class Eventually
{
    /// <summary>
    /// Polls until <paramref name="probe"/> returns a value that satisfies <paramref name="done"/>, or fails with the
    /// last value seen. For asynchronous paths (queue → grain) that have no completion signal to await.
    /// </summary>
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}; last seen: {value}");
            }

            await Task.Delay(200);
        }
    }
}
