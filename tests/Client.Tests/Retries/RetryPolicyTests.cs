using System.Net;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Tests.Retries;

public class RetryPolicyTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 250, 500)]
    [InlineData(2, 500, 1000)]
    [InlineData(3, 1000, 2000)]
    [InlineData(5, 4000, 8000)]
    public void Each_retry_waits_between_half_and_all_of_a_doubling_step(int retry, int shortestMs, int longestMs)
    {
        var shortest = new RetryPolicy(5, Base, Max, () => 0.0).DelayBefore(retry);
        var longest = new RetryPolicy(5, Base, Max, () => 1.0).DelayBefore(retry);

        Assert.Equal(TimeSpan.FromMilliseconds(shortestMs), shortest);
        Assert.Equal(TimeSpan.FromMilliseconds(longestMs), longest);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(int.MaxValue)]
    public void The_step_stops_growing_at_the_maximum(int retry)
    {
        var delay = new RetryPolicy(5, Base, Max, () => 1.0).DelayBefore(retry);

        Assert.Equal(Max, delay);
    }

    [Fact]
    public void Jitter_spreads_parts_that_failed_together()
    {
        var random = new Random(1);
        var policy = new RetryPolicy(5, Base, Max, random.NextDouble);

        var delays = Enumerable.Range(0, 20).Select(_ => policy.DelayBefore(3)).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
        Assert.True(delays.Distinct().Count() > 10);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Conflict, false)]
    public void Server_faults_and_throttling_are_worth_a_retry_refusals_are_not(HttpStatusCode status, bool transient)
    {
        Assert.Equal(transient, RetryPolicy.IsTransient(status));
    }

    [Fact]
    public void A_time_out_is_transient_but_the_callers_cancellation_is_not()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.True(RetryPolicy.IsTransient(new TaskCanceledException(), CancellationToken.None));
        Assert.False(RetryPolicy.IsTransient(new TaskCanceledException(), cancelled.Token));
        Assert.True(RetryPolicy.IsTransient(new HttpRequestException("reset"), CancellationToken.None));
        Assert.True(RetryPolicy.IsTransient(new IOException("broken pipe"), CancellationToken.None));
        Assert.False(RetryPolicy.IsTransient(new InvalidOperationException(), CancellationToken.None));
    }
}
