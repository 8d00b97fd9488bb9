using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads;

namespace BuildPeer.UnitTests.Uploads;

public class UploadStateMachineTests
{
    [Theory]
    [InlineData(UploadStatus.Pending, UploadStatus.Uploaded)]
    [InlineData(UploadStatus.Pending, UploadStatus.Expired)]
    [InlineData(UploadStatus.Pending, UploadStatus.Aborted)]
    [InlineData(UploadStatus.Pending, UploadStatus.Failed)]
    [InlineData(UploadStatus.Uploaded, UploadStatus.Processing)]
    [InlineData(UploadStatus.Uploaded, UploadStatus.Failed)]
    [InlineData(UploadStatus.Processing, UploadStatus.Completed)]
    [InlineData(UploadStatus.Processing, UploadStatus.Failed)]
    [InlineData(UploadStatus.Processing, UploadStatus.Quarantined)]
    public void The_lifecycle_moves_are_allowed(UploadStatus from, UploadStatus to)
    {
        Assert.Equal(TransitionKind.Allowed, UploadStateMachine.Classify(from, to));
    }

    [Fact]
    public void Moving_to_the_current_state_is_a_repeat_for_every_state()
    {
        Assert.All(Enum.GetValues<UploadStatus>(), status =>
            Assert.Equal(TransitionKind.Repeat, UploadStateMachine.Classify(status, status)));
    }

    [Fact]
    public void Terminal_states_allow_no_move_at_all()
    {
        foreach (var terminal in Enum.GetValues<UploadStatus>().Where(status => status.IsTerminal()))
        {
            Assert.Empty(UploadStateMachine.AllowedFrom(terminal));
        }
    }

    [Theory]
    [InlineData(UploadStatus.Pending, UploadStatus.Processing)]
    [InlineData(UploadStatus.Pending, UploadStatus.Completed)]
    [InlineData(UploadStatus.Pending, UploadStatus.Quarantined)]
    [InlineData(UploadStatus.Uploaded, UploadStatus.Pending)]
    [InlineData(UploadStatus.Uploaded, UploadStatus.Aborted)]
    [InlineData(UploadStatus.Uploaded, UploadStatus.Expired)]
    [InlineData(UploadStatus.Uploaded, UploadStatus.Completed)]
    [InlineData(UploadStatus.Processing, UploadStatus.Uploaded)]
    [InlineData(UploadStatus.Processing, UploadStatus.Aborted)]
    [InlineData(UploadStatus.Completed, UploadStatus.Failed)]
    [InlineData(UploadStatus.Expired, UploadStatus.Uploaded)]
    [InlineData(UploadStatus.Aborted, UploadStatus.Uploaded)]
    public void Every_other_move_is_refused(UploadStatus from, UploadStatus to)
    {
        Assert.Equal(TransitionKind.Refused, UploadStateMachine.Classify(from, to));
    }

    [Fact]
    public void Every_status_is_either_terminal_or_has_a_way_forward()
    {
        Assert.All(Enum.GetValues<UploadStatus>(), status =>
            Assert.True(status.IsTerminal() != (UploadStateMachine.AllowedFrom(status).Count > 0)));
    }

    [Theory]
    [InlineData(UploadStatus.Completed, true)]
    [InlineData(UploadStatus.Failed, true)]
    [InlineData(UploadStatus.Quarantined, false)]
    [InlineData(UploadStatus.Expired, false)]
    [InlineData(UploadStatus.Aborted, false)]
    [InlineData(UploadStatus.Pending, false)]
    [InlineData(UploadStatus.Processing, false)]
    public void Only_finished_uploads_whose_bytes_are_within_reach_can_be_reprocessed(UploadStatus from, bool allowed)
    {
        Assert.Equal(allowed, UploadStateMachine.CanReprocess(from));
    }
}
