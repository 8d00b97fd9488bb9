using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Projects;
using BuildPeer.Grains.Projects.Quota;

namespace BuildPeer.UnitTests.Projects;

public class QuotaBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProjectLimits Limits = new(MaxFileSizeBytes: 1000, MaxTotalBytes: 10_000, MaxFiles: 10, MaxInFlight: 7);

    [Fact]
    public void A_loaded_snapshot_gives_the_usage()
    {
        var book = new QuotaBook(new LedgerSnapshot(500, 2, new Dictionary<Guid, ReservedUpload>
        {
            [Guid.NewGuid()] = new(100, Now),
            [Guid.NewGuid()] = new(200, Now),
        }));

        Assert.Equal(new QuotaUsage(Limits, 500, 2, 300, 2), book.Usage(Limits));
    }

    [Fact]
    public void Reservations_are_granted_one_by_one_up_to_the_in_flight_limit_and_no_further()
    {
        var book = new QuotaBook(LedgerSnapshot.Empty);
        var granted = 0;
        for (var i = 0; i < 30; i++)
        {
            var fresh = book.Fresh([new Reservation(Guid.NewGuid(), 1)]);
            if (book.Refusal(Limits, fresh) is null)
            {
                book.Hold(fresh[0].UploadId, fresh[0].Size, Now);
                granted++;
            }
        }

        Assert.Equal(7, granted);
        Assert.Equal(ErrorCodes.QuotaInFlightExceeded, book.Refusal(Limits, [new Reservation(Guid.NewGuid(), 1)])?.Code);
    }

    [Fact]
    public void Files_and_bytes_count_what_is_used_and_what_is_reserved()
    {
        var book = new QuotaBook(new LedgerSnapshot(9_000, 8, new Dictionary<Guid, ReservedUpload>()));
        book.Hold(Guid.NewGuid(), 500, Now);

        Assert.Equal(ErrorCodes.QuotaFilesExceeded, book.Refusal(Limits, [new(Guid.NewGuid(), 1), new(Guid.NewGuid(), 1)])?.Code);
        Assert.Equal(ErrorCodes.QuotaBytesExceeded, book.Refusal(Limits, [new(Guid.NewGuid(), 501)])?.Code);
        Assert.Null(book.Refusal(Limits, [new(Guid.NewGuid(), 500)]));
    }

    [Fact]
    public void Fresh_skips_uploads_already_held_and_repeats()
    {
        var book = new QuotaBook(LedgerSnapshot.Empty);
        var held = Guid.NewGuid();
        var other = Guid.NewGuid();
        book.Hold(held, 10, Now);

        var fresh = book.Fresh([new(held, 10), new(other, 20), new(other, 20)]);

        Assert.Equal([new Reservation(other, 20)], fresh);
    }

    [Fact]
    public void Holding_twice_counts_once_and_dropping_gives_the_bytes_back()
    {
        var book = new QuotaBook(LedgerSnapshot.Empty);
        var uploadId = Guid.NewGuid();

        book.Hold(uploadId, 100, Now);
        book.Hold(uploadId, 100, Now);
        Assert.Equal((100, 1), (book.ReservedBytes, book.InFlight));

        Assert.True(book.Drop(uploadId));
        Assert.False(book.Drop(uploadId));
        Assert.Equal((0, 0), (book.ReservedBytes, book.InFlight));
    }

    [Fact]
    public void The_used_counters_never_go_below_zero()
    {
        var book = new QuotaBook(new LedgerSnapshot(100, 1, new Dictionary<Guid, ReservedUpload>()));

        book.Count(-500, -3);

        Assert.Equal((0, 0), (book.UsedBytes, book.UsedFiles));
    }

    [Fact]
    public void The_sweep_questions_only_reservations_older_than_the_cutoff()
    {
        var book = new QuotaBook(LedgerSnapshot.Empty);
        var old = Guid.NewGuid();
        book.Hold(old, 1, Now - TimeSpan.FromMinutes(10));
        book.Hold(Guid.NewGuid(), 1, Now);

        Assert.Equal([old], book.ReservedBefore(Now - TimeSpan.FromMinutes(5)));
    }
}
