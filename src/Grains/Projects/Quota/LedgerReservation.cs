namespace BuildPeer.Grains.Projects.Quota;

/// <summary>One upload's row in the ledger: the bytes it holds back and since when.</summary>
public sealed record LedgerReservation(Guid UploadId, long Bytes, DateTimeOffset ReservedAt);
