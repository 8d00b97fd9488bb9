namespace BuildPeer.Grains.Projects.Quota;

/// <summary>A project's quota as the ledger holds it.</summary>
public sealed record LedgerSnapshot(long UsedBytes, int UsedFiles, IReadOnlyDictionary<Guid, ReservedUpload> Reservations)
{
    public static LedgerSnapshot Empty { get; } = new(0, 0, new Dictionary<Guid, ReservedUpload>());
}
