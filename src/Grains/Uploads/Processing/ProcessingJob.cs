using BuildPeer.Processing.Content;

namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// Everything a worker needs to process one upload, copied out of the grain so the worker never touches its state.
/// <see cref="ETag"/> is the object's recorded at UPLOADED: the attempt reads exactly that object or none.
/// </summary>
public sealed record ProcessingJob(
    Guid UploadId,
    int Attempt,
    string TenantId,
    string ProjectId,
    string Key,
    string FileName,
    long DeclaredSize,
    ContentKind ExpectedKind,
    string? DeclaredSha256,
    string? TraceParent = null,
    string? ETag = null);
