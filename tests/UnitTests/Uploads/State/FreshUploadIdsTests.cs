using BuildPeer.Grains.Uploads.State;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.UnitTests.Uploads.State;

public sealed class FreshUploadIdsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_minted_id_is_claimed_once_and_an_id_minted_elsewhere_never()
    {
        var ids = new FreshUploadIds(_time);
        var id = ids.Mint();

        Assert.Equal(7, id.Version);
        Assert.True(ids.TryClaim(id));
        Assert.False(ids.TryClaim(id));
        Assert.False(ids.TryClaim(Guid.CreateVersion7()));
    }

    [Fact]
    public void An_id_not_activated_within_its_lifetime_is_no_longer_fresh()
    {
        var ids = new FreshUploadIds(_time);
        var late = ids.Mint();
        var onTime = ids.Mint();

        _time.Advance(FreshUploadIds.Lifetime - TimeSpan.FromMilliseconds(1));
        Assert.True(ids.TryClaim(onTime));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(ids.TryClaim(late));
    }

    [Fact]
    public void Ids_never_claimed_are_dropped_as_minting_goes_on()
    {
        var ids = new FreshUploadIds(_time);
        for (var i = 0; i < 1000; i++)
        {
            ids.Mint();
        }

        _time.Advance(FreshUploadIds.Lifetime);
        for (var i = 0; i < 1048; i++)
        {
            ids.Mint();
        }

        Assert.Equal(1048, ids.Count);
    }
}
