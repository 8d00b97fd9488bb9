using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Lifecycle;

namespace BuildPeer.UnitTests.Uploads.Lifecycle;

public class LateObjectPolicyTests
{
    private const string Recorded = "0123456789abcdef0123456789abcdef";
    private const string Other = "fedcba9876543210fedcba9876543210";

    [Theory]
    [InlineData(UploadStatus.Uploaded, LateObjectAction.ContinueProcessing)]
    [InlineData(UploadStatus.Processing, LateObjectAction.ContinueProcessing)]
    [InlineData(UploadStatus.Completed, LateObjectAction.Ignore)]
    [InlineData(UploadStatus.Failed, LateObjectAction.Ignore)]
    public void The_recorded_object_again_is_a_redelivery(UploadStatus status, LateObjectAction expected)
    {
        Assert.Equal(expected, LateObjectPolicy.Decide(status, Recorded, Recorded));
    }

    [Theory]
    [InlineData(UploadStatus.Uploaded)]
    [InlineData(UploadStatus.Processing)]
    [InlineData(UploadStatus.Completed)]
    public void Other_bytes_at_the_key_of_a_live_upload_are_scanned_again(UploadStatus status)
    {
        Assert.Equal(LateObjectAction.Rescan, LateObjectPolicy.Decide(status, Recorded, Other));
    }

    [Theory]
    [InlineData(UploadStatus.Failed, Other)]
    [InlineData(UploadStatus.Quarantined, Other)]
    [InlineData(UploadStatus.Quarantined, Recorded)]
    [InlineData(UploadStatus.Aborted, Other)]
    [InlineData(UploadStatus.Expired, Other)]
    public void An_object_reaching_an_upload_that_ended_is_deleted(UploadStatus status, string eventETag)
    {
        Assert.Equal(LateObjectAction.Delete, LateObjectPolicy.Decide(status, Recorded, eventETag));
    }

    [Fact]
    public void An_upload_that_never_recorded_an_object_deletes_whatever_comes_late()
    {
        Assert.Equal(LateObjectAction.Delete, LateObjectPolicy.Decide(UploadStatus.Aborted, null, Other));
        Assert.Equal(LateObjectAction.Delete, LateObjectPolicy.Decide(UploadStatus.Expired, null, Other));
    }

    [Fact]
    public void A_pending_upload_is_not_for_this_policy()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LateObjectPolicy.Decide(UploadStatus.Pending, null, Other));
    }
}
