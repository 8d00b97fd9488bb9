using BuildPeer.Grains.Uploads.StatusCache;

namespace BuildPeer.UnitTests.Faults;

public class MissedInvalidationsTests
{
    [Fact]
    public void Missed_uploads_are_handed_out_in_batches_until_done()
    {
        var missed = new MissedInvalidations();
        var uploads = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        uploads.ForEach(missed.Add);
        missed.Add(uploads[0]);

        var first = missed.NextBatch(3);
        missed.Done(first);
        var rest = missed.NextBatch(3);
        missed.Done(rest);

        Assert.Equal(3, first.Count);
        Assert.Equal(uploads.Order(), first.Concat(rest).Order());
        Assert.Equal(0, missed.Count);
    }

    [Fact]
    public void Past_its_capacity_it_keeps_no_more()
    {
        var missed = new MissedInvalidations(capacity: 2);

        missed.Add(Guid.NewGuid());
        missed.Add(Guid.NewGuid());
        missed.Add(Guid.NewGuid());

        Assert.Equal(2, missed.Count);
    }
}
