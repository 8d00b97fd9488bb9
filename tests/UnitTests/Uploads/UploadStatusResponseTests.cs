using BuildPeer.Gateway.Uploads;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.UnitTests.Uploads;

public class UploadStatusResponseTests
{
    [Fact]
    public void Progress_never_goes_backwards_along_the_happy_path()
    {
        var path = new[] { UploadStatus.Pending, UploadStatus.Uploaded, UploadStatus.Processing, UploadStatus.Completed };

        var progress = path.Select(UploadStatusResponse.ProgressOf).ToList();

        Assert.Equal(progress.Order(), progress);
        Assert.Equal(0, progress[0]);
        Assert.Equal(100, progress[^1]);
    }

    [Theory]
    [InlineData(UploadStatus.Failed)]
    [InlineData(UploadStatus.Quarantined)]
    [InlineData(UploadStatus.Expired)]
    [InlineData(UploadStatus.Aborted)]
    public void Every_terminal_state_is_complete(UploadStatus status)
    {
        Assert.True(status.IsTerminal());
        Assert.Equal(100, UploadStatusResponse.ProgressOf(status));
    }

    [Fact]
    public void Statuses_are_spelled_in_upper_case_on_the_wire()
    {
        Assert.Equal(
            ["PENDING", "UPLOADED", "PROCESSING", "COMPLETED", "FAILED", "QUARANTINED", "EXPIRED", "ABORTED"],
            Enum.GetValues<UploadStatus>().Select(status => status.ToWireName()));
    }
}
