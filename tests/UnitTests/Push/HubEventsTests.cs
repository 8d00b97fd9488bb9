using BuildPeer.Gateway.Push;
using BuildPeer.Gateway.Push.Hubs;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.UnitTests.Push;

public class HubEventsTests
{
    [Theory]
    [InlineData(UploadStatus.Completed, "upload:completed")]
    [InlineData(UploadStatus.Failed, "upload:failed")]
    [InlineData(UploadStatus.Quarantined, "upload:quarantined")]
    public void A_change_into_a_reported_end_state_is_also_sent_under_its_own_name_after_the_status(UploadStatus status, string name) =>
        Assert.Equal(["upload:status", name], HubEvents.For(status));

    [Theory]
    [InlineData(UploadStatus.Pending)]
    [InlineData(UploadStatus.Uploaded)]
    [InlineData(UploadStatus.Processing)]
    [InlineData(UploadStatus.Expired)]
    [InlineData(UploadStatus.Aborted)]
    public void Any_other_change_is_only_a_status(UploadStatus status) => Assert.Equal(["upload:status"], HubEvents.For(status));

    [Fact]
    public void Lost_access_names_what_was_left_with_the_code_a_fresh_join_would_get()
    {
        var uploadId = Guid.NewGuid();

        Assert.Equal(new AccessLost("tower-7", null, "project_not_found"), AccessLost.Of(new FeedScope("acme", "tower-7")));
        Assert.Equal(new AccessLost("tower-7", uploadId, "upload_not_found"), AccessLost.Of(new FeedScope("acme", "tower-7", uploadId)));
    }
}
