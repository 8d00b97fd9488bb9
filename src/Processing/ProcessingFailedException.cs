using BuildPeer.Processing.Errors;

namespace BuildPeer.Processing;

/// <summary>
/// The file itself is the problem (corrupt, too large, not what it claims): retrying cannot help, so the upload
/// ends FAILED with <see cref="Code"/> (a stable code from <see cref="ErrorCodes.UploadFailures"/>) and the reason.
/// </summary>
public sealed class ProcessingFailedException(string code, string reason, Exception? inner = null)
    : Exception(reason, inner)
{
    public string Code { get; } = code;
}
