namespace BuildPeer.Grains.Projects.Quota;

/// <summary>How one reservation ends: committed with the bytes stored (a file counted), or released (nothing counted).</summary>
public sealed record LedgerSettlement(Guid UploadId, bool Committed, long StoredBytes)
{
    public static LedgerSettlement Commit(Guid uploadId, long storedBytes) => new(uploadId, true, storedBytes);

    public static LedgerSettlement Release(Guid uploadId) => new(uploadId, false, 0);
}
