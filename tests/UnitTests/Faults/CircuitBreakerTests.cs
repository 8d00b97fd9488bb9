using BuildPeer.ServiceDefaults.Redis;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.UnitTests.Faults;

public class CircuitBreakerTests
{
    private static readonly TimeSpan OpenPeriod = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_closed_breaker_lets_every_call_through()
    {
        var breaker = new CircuitBreaker(OpenPeriod, _time);

        Assert.True(breaker.TryEnter());
        Assert.True(breaker.TryEnter());
        Assert.False(breaker.Succeeded());
        Assert.False(breaker.IsOpen);
    }

    [Fact]
    public void One_failure_skips_the_dependency_for_the_open_period()
    {
        var breaker = new CircuitBreaker(OpenPeriod, _time);

        Assert.True(breaker.Failed());
        Assert.True(breaker.IsOpen);
        Assert.False(breaker.TryEnter());
        _time.Advance(OpenPeriod - TimeSpan.FromMilliseconds(1));
        Assert.False(breaker.TryEnter());
    }

    [Fact]
    public void After_the_open_period_exactly_one_trial_goes_through_and_its_success_closes_the_breaker()
    {
        var breaker = new CircuitBreaker(OpenPeriod, _time);
        breaker.Failed();
        _time.Advance(OpenPeriod);

        Assert.True(breaker.TryEnter());
        Assert.False(breaker.TryEnter());
        Assert.True(breaker.Succeeded());
        Assert.False(breaker.IsOpen);
        Assert.True(breaker.TryEnter());
    }

    [Fact]
    public void A_failed_trial_opens_the_breaker_for_another_period()
    {
        var breaker = new CircuitBreaker(OpenPeriod, _time);
        breaker.Failed();
        _time.Advance(OpenPeriod);
        Assert.True(breaker.TryEnter());

        Assert.False(breaker.Failed());
        Assert.False(breaker.TryEnter());
        _time.Advance(OpenPeriod);
        Assert.True(breaker.TryEnter());
    }
}
