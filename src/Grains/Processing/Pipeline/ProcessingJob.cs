using BuildPeer.Grains.Processing.Content;

namespace BuildPeer.Grains.Processing.Pipeline;

/// <summary>Everything a worker needs to process one upload, copied out of the grain so the worker never touches its state.</summary>
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
    string? TraceParent = null);
