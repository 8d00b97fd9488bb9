using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Lifecycle;

namespace BuildPeer.UnitTests.Uploads.Lifecycle;

public class UploadTransitionsTests
{
    /// <summary>The whole table, as the design draws it: move, from, to.</summary>
    public static TheoryData<UploadMove, UploadStatus, UploadStatus> Moves => new()
    {
        { UploadMove.Store, UploadStatus.Pending, UploadStatus.Uploaded },
        { UploadMove.Expire, UploadStatus.Pending, UploadStatus.Expired },
        { UploadMove.Abort, UploadStatus.Pending, UploadStatus.Aborted },
        { UploadMove.StartAttempt, UploadStatus.Uploaded, UploadStatus.Processing },
        { UploadMove.StartAttempt, UploadStatus.Processing, UploadStatus.Processing },
        { UploadMove.Complete, UploadStatus.Processing, UploadStatus.Completed },
        { UploadMove.Quarantine, UploadStatus.Processing, UploadStatus.Quarantined },
        { UploadMove.Fail, UploadStatus.Uploaded, UploadStatus.Failed },
        { UploadMove.Fail, UploadStatus.Processing, UploadStatus.Failed },
        { UploadMove.Rescan, UploadStatus.Uploaded, UploadStatus.Processing },
        { UploadMove.Rescan, UploadStatus.Processing, UploadStatus.Processing },
        { UploadMove.Rescan, UploadStatus.Completed, UploadStatus.Processing },
        { UploadMove.Reprocess, UploadStatus.Completed, UploadStatus.Processing },
        { UploadMove.Reprocess, UploadStatus.Failed, UploadStatus.Processing },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void The_table_allows_each_move_of_the_design(UploadMove move, UploadStatus from, UploadStatus to)
    {
        Assert.True(UploadTransitions.Allows(move, from));
        Assert.Equal(to, UploadTransitions.Target(move));
    }

    [Fact]
    public void Every_other_move_is_refused()
    {
        var allowed = Moves.Select(row => ((UploadMove)row[0], (UploadStatus)row[1])).ToHashSet();
        foreach (var move in Enum.GetValues<UploadMove>())
        {
            foreach (var from in Enum.GetValues<UploadStatus>().Where(from => !allowed.Contains((move, from))))
            {
                Assert.False(UploadTransitions.Allows(move, from), $"{move} from {from}");
            }
        }
    }

    [Fact]
    public void Terminal_states_move_only_when_an_operator_or_new_bytes_restart_them()
    {
        Assert.All(Enum.GetValues<UploadStatus>(), status =>
            Assert.True(status.IsTerminal() != (UploadTransitions.MovesFrom(status, includeRestarts: false).Count > 0), $"{status}"));
        Assert.Empty(UploadTransitions.MovesFrom(UploadStatus.Quarantined));
        Assert.Empty(UploadTransitions.MovesFrom(UploadStatus.Expired));
        Assert.Empty(UploadTransitions.MovesFrom(UploadStatus.Aborted));
    }
}
