namespace BuildPeer.Grains.Uploads.Links.Multipart;

public static class UploadRemoval
{
    /// <summary>
    /// Removes whatever an unfinished upload left in storage: its multipart upload, if it has one, and any object
    /// at its key. Idempotent, like the calls it makes.
    /// </summary>
    public static async Task RemoveUploadAsync(this IMultipartStorage storage, string key, string? s3UploadId)
    {
        if (s3UploadId is not null)
        {
            await storage.AbortAsync(key, s3UploadId);
        }

        await storage.DeleteObjectAsync(key);
    }
}
