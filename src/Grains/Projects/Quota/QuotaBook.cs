using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;

namespace BuildPeer.Grains.Projects.Quota;

/// <summary>
/// A project's quota in memory: the used counters and the uploads in flight, against which every reservation is
/// decided synchronously. The project grain keeps it equal to the ledger, or above it while a write is in flight
/// (room is taken before a write and given back only after it), so a check never sees less than is durable.
/// </summary>
public sealed class QuotaBook(LedgerSnapshot snapshot)
{
    private readonly Dictionary<Guid, ReservedUpload> _reservations = new(snapshot.Reservations);

    public long UsedBytes { get; private set; } = snapshot.UsedBytes;

    public int UsedFiles { get; private set; } = snapshot.UsedFiles;

    public long ReservedBytes { get; private set; } = snapshot.Reservations.Values.Sum(reserved => reserved.Size);

    public int InFlight => _reservations.Count;

    public bool Holds(Guid uploadId) => _reservations.ContainsKey(uploadId);

    /// <summary>The requested reservations not held yet, each upload once.</summary>
    public List<Reservation> Fresh(IEnumerable<Reservation> requested) =>
        requested.Where(reservation => !Holds(reservation.UploadId)).DistinctBy(reservation => reservation.UploadId).ToList();

    /// <summary>Why <paramref name="fresh"/> does not fit all together under <paramref name="limits"/>; null when it does.</summary>
    public (string Code, string Detail)? Refusal(ProjectLimits limits, IReadOnlyCollection<Reservation> fresh)
    {
        var inFlight = InFlight + fresh.Count;
        if (inFlight > limits.MaxInFlight)
        {
            return (ErrorCodes.QuotaInFlightExceeded,
                $"At most {limits.MaxInFlight} uploads may be in flight in this project; {InFlight} are.");
        }

        if (UsedFiles + inFlight > limits.MaxFiles)
        {
            return (ErrorCodes.QuotaFilesExceeded,
                $"This project may hold {limits.MaxFiles} files; {UsedFiles + InFlight} are stored or on their way.");
        }

        var bytes = UsedBytes + ReservedBytes + fresh.Sum(reservation => reservation.Size);
        if (bytes > limits.MaxTotalBytes)
        {
            return (ErrorCodes.QuotaBytesExceeded,
                $"This project may hold {limits.MaxTotalBytes} bytes; these files would bring it to {bytes}.");
        }

        return null;
    }

    public void Hold(Guid uploadId, long size, DateTimeOffset reservedAt)
    {
        if (_reservations.TryAdd(uploadId, new ReservedUpload(size, reservedAt)))
        {
            ReservedBytes += size;
        }
    }

    public bool Drop(Guid uploadId)
    {
        if (!_reservations.Remove(uploadId, out var reserved))
        {
            return false;
        }

        ReservedBytes -= reserved.Size;
        return true;
    }

    /// <summary>Adds to the used counters (negative amounts take off), never below zero.</summary>
    public void Count(long bytes, int files)
    {
        UsedBytes = Math.Max(0, UsedBytes + bytes);
        UsedFiles = Math.Max(0, UsedFiles + files);
    }

    /// <summary>The uploads reserved at or before <paramref name="cutoff"/>.</summary>
    public List<Guid> ReservedBefore(DateTimeOffset cutoff) =>
        _reservations.Where(pair => pair.Value.ReservedAt <= cutoff).Select(pair => pair.Key).ToList();

    public QuotaUsage Usage(ProjectLimits limits) => new(limits, UsedBytes, UsedFiles, ReservedBytes, InFlight);
}
