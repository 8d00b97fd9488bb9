using BuildPeer.Processing.Documents;
using BuildPeer.Processing.Errors;
using BuildPeer.Processing.Images;

namespace BuildPeer.Processing.Parsers;

/// <summary>
/// What a worker made of one file: metadata, and the names (inside the request's output folder) of the files it
/// wrote; or the stable failure code of a file that cannot be processed.
/// </summary>
public sealed record ParseReply
{
    public ImageMetadata? Image { get; init; }
    public PdfMetadata? Pdf { get; init; }
    public string? Thumbnail200File { get; init; }
    public string? Thumbnail800File { get; init; }
    public string? PreviewFile { get; init; }
    public string? TextFile { get; init; }

    /// <summary>A code of <see cref="ErrorCodes.UploadFailures"/>: the file itself is the problem.</summary>
    public string? FailureCode { get; init; }
    public string? FailureReason { get; init; }

    /// <summary>An unexpected fault of the worker's code, not of the file: the attempt is retried like one.</summary>
    public string? Error { get; init; }

    /// <summary>The steps the worker timed, to be recorded by the silo.</summary>
    public IReadOnlyList<ParsedStep> Steps { get; init; } = [];

    public static ParseReply Failed(string code, string reason) => new() { FailureCode = code, FailureReason = reason };

    /// <summary>The file needs more memory than a worker may use.</summary>
    public static ParseReply OutOfMemory(string reason) => Failed(ErrorCodes.ResourceLimit, reason);
}
