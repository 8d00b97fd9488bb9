using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads.Links.Multipart;

/// <summary>
/// The S3 side of a multipart upload: the client sends each part straight to S3 with a presigned URL, and the
/// upload's grain starts, completes and aborts it here. Faults S3 may recover from (throttling, network,
/// access) throw, for the caller to retry; outcomes caused by the client's input are results.
/// </summary>
public interface IMultipartStorage
{
    /// <summary>Starts a multipart upload of <paramref name="key"/>; the object will have <paramref name="contentType"/>.</summary>
    /// <returns>S3's upload id, needed by every other call.</returns>
    Task<string> StartAsync(string key, string contentType, CancellationToken cancellationToken = default);

    /// <summary>
    /// One presigned PUT URL per part (numbers 1 to 10,000), valid until <paramref name="expiresAt"/> (at most seven
    /// days ahead), each with the part's exact size signed as its <c>Content-Length</c>. Signing is local: S3 is not
    /// called, and signing again gives fresh URLs for the same parts.
    /// </summary>
    Task<IReadOnlyList<SignedPart>> SignPartsAsync(
        string key, string s3UploadId, IEnumerable<PlannedPart> parts, DateTimeOffset expiresAt);

    /// <summary>
    /// Completes the upload from <paramref name="parts"/> (check them with <see cref="MultipartCompletionCheck"/>
    /// first: S3 names only its first objection, and the SDK sorts the list, so only duplicates are out of order), and
    /// reads the object's ETag and size back. Only while no object has the key (see <see cref="WriteOnce"/>). Safe to
    /// repeat: once completed, the same call answers <see cref="MultipartCompletionOutcome.AlreadyCompleted"/>.
    /// </summary>
    Task<MultipartCompletion> CompleteAsync(
        string key, string s3UploadId, IReadOnlyList<CompletedPart> parts, CancellationToken cancellationToken = default);

    /// <summary>Aborts the upload and frees its parts. Idempotent: an upload S3 no longer knows counts as aborted.</summary>
    Task AbortAsync(string key, string s3UploadId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object, e.g. one left by an upload that expired. Idempotent: a missing object is fine.</summary>
    Task DeleteObjectAsync(string key, CancellationToken cancellationToken = default);
}
