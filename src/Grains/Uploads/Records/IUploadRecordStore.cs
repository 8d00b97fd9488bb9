namespace BuildPeer.Grains.Uploads.Records;

/// <summary>Writes the <c>uploads</c> table. Only <see cref="UploadGrain"/> calls it.</summary>
public interface IUploadRecordStore
{
    /// <summary>Inserts or updates the row, unless the stored row already reflects a newer state version.</summary>
    Task UpsertAsync(UploadRecord record, CancellationToken cancellationToken = default);
}
