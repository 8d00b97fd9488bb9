namespace BuildPeer.Client;

/// <summary>One page of a project's uploads, newest first.</summary>
/// <param name="Uploads">The uploads of this page.</param>
/// <param name="NextCursor">Pass as <see cref="ListUploadsOptions.Cursor"/> for the next page; null on the last.</param>
public sealed record UploadPage(IReadOnlyList<UploadSummary> Uploads, string? NextCursor);

/// <summary>One upload in a project's listing.</summary>
/// <param name="UploadId">The upload.</param>
/// <param name="FileName">Its file name.</param>
/// <param name="ContentType">Its declared content type.</param>
/// <param name="Size">Its declared size in bytes.</param>
/// <param name="State">Where it is.</param>
/// <param name="CreatedAt">When it was initiated.</param>
/// <param name="UploadedAt">When the bytes arrived.</param>
/// <param name="ProcessedAt">When processing finished.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record UploadSummary(
    Guid UploadId,
    string FileName,
    string ContentType,
    long Size,
    UploadState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UploadedAt,
    DateTimeOffset? ProcessedAt,
    string? Error);

/// <summary>Which uploads of a project to list.</summary>
public sealed class ListUploadsOptions
{
    /// <summary>Only uploads in this state.</summary>
    public UploadState? State { get; init; }

    /// <summary>At most this many per page (the gateway's default when null).</summary>
    public int? Limit { get; init; }

    /// <summary>The <see cref="UploadPage.NextCursor"/> of the previous page.</summary>
    public string? Cursor { get; init; }
}
