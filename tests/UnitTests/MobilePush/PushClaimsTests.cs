using BuildPeer.Grains.MobilePush;

namespace BuildPeer.UnitTests.MobilePush;

public class PushClaimsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(3);

    private readonly PushClaims _claims = new();

    [Fact]
    public void A_device_held_for_a_push_is_not_claimed_again_until_released()
    {
        Assert.True(_claims.TryClaim("u1:1", "a", Start, Lease));

        Assert.False(_claims.TryClaim("u1:1", "a", Start.AddSeconds(1), Lease));
        _claims.Release("u1:1", "a");
        Assert.True(_claims.TryClaim("u1:1", "a", Start.AddSeconds(2), Lease));
    }

    [Fact]
    public void Holds_are_per_push_and_per_device()
    {
        Assert.True(_claims.TryClaim("u1:1", "a", Start, Lease));

        Assert.True(_claims.TryClaim("u1:1", "b", Start, Lease));
        Assert.True(_claims.TryClaim("u2:1", "a", Start, Lease));
    }

    [Fact]
    public void A_hold_lapses_after_its_lease_so_a_dead_sender_does_not_block_the_push()
    {
        Assert.True(_claims.TryClaim("u1:1", "a", Start, Lease));

        Assert.False(_claims.TryClaim("u1:1", "a", Start + Lease - TimeSpan.FromSeconds(1), Lease));
        Assert.True(_claims.TryClaim("u1:1", "a", Start + Lease, Lease));
    }

    [Fact]
    public void A_removed_device_loses_its_holds_on_every_push()
    {
        _claims.TryClaim("u1:1", "a", Start, Lease);
        _claims.TryClaim("u2:1", "a", Start, Lease);
        _claims.TryClaim("u1:1", "ab", Start, Lease);

        _claims.ReleaseDevice("a");

        Assert.Equal(1, _claims.Count);
        Assert.True(_claims.TryClaim("u1:1", "a", Start, Lease));
    }

    [Fact]
    public void Lapsed_holds_are_dropped_as_new_ones_come()
    {
        for (var i = 0; i < 100; i++)
        {
            _claims.TryClaim($"u{i}:1", "a", Start, Lease);
        }

        _claims.TryClaim("late:1", "a", Start + Lease, Lease);

        Assert.Equal(1, _claims.Count);
    }
}
