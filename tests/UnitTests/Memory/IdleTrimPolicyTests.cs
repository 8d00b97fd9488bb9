using BuildPeer.Silo.Memory;

namespace BuildPeer.UnitTests.Memory;

public class IdleTrimPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly IdleTrimOptions Options = new();
    private const long Spike = 600L * 1024 * 1024;

    [Fact]
    public void An_idle_silo_holding_a_spikes_memory_is_trimmed() =>
        Assert.True(IdleTrimPolicy.ShouldTrim(Options, coresUsed: 0.02, Spike, lastTrim: null, Now));

    [Fact]
    public void A_busy_silo_is_never_paused_for_it() =>
        Assert.False(IdleTrimPolicy.ShouldTrim(Options, coresUsed: 0.5, Spike, lastTrim: null, Now));

    [Fact]
    public void Little_committed_memory_is_not_worth_a_full_collection() =>
        Assert.False(IdleTrimPolicy.ShouldTrim(Options, coresUsed: 0.02, 200L * 1024 * 1024, lastTrim: null, Now));

    [Fact]
    public void A_silo_trimmed_recently_waits_for_the_interval()
    {
        Assert.False(IdleTrimPolicy.ShouldTrim(Options, 0.02, Spike, lastTrim: Now.AddMinutes(-9), Now));
        Assert.True(IdleTrimPolicy.ShouldTrim(Options, 0.02, Spike, lastTrim: Now.AddMinutes(-10), Now));
    }

    [Fact]
    public void Turned_off_it_never_trims() =>
        Assert.False(IdleTrimPolicy.ShouldTrim(new IdleTrimOptions { Enabled = false }, 0.0, Spike, lastTrim: null, Now));
}
