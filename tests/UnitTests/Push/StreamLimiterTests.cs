using BuildPeer.Gateway.Push;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Push;

public class StreamLimiterTests
{
    private readonly StreamLimiter _limiter = new(Options.Create(new PushOptions { MaxStreamsPerUser = 2 }));

    [Fact]
    public void A_user_at_the_cap_is_refused_until_one_of_their_streams_ends()
    {
        var first = _limiter.TryAcquire("alice");
        using var second = _limiter.TryAcquire("alice");

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(_limiter.TryAcquire("alice"));

        first!.Dispose();
        using var third = _limiter.TryAcquire("alice");
        Assert.NotNull(third);
    }

    [Fact]
    public void Each_user_has_a_cap_of_their_own_and_a_lease_released_twice_counts_once()
    {
        var alice = _limiter.TryAcquire("alice");
        using var bob = _limiter.TryAcquire("bob");
        alice!.Dispose();
        alice.Dispose();

        Assert.Equal(0, _limiter.OpenStreams("alice"));
        Assert.Equal(1, _limiter.OpenStreams("bob"));
    }
}
