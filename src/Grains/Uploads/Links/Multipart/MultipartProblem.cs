namespace BuildPeer.Grains.Uploads.Links.Multipart;

/// <summary>
/// Why a multipart upload cannot be completed as asked, in words a client can act on (<see cref="Detail"/> is meant
/// for a problem+json <c>detail</c>). The part number lists are filled when the list was checked by
/// <see cref="MultipartCompletionCheck"/>; <see cref="S3ErrorCode"/> when S3 itself refused it (<c>InvalidPart</c>,
/// <c>InvalidPartOrder</c>, <c>EntityTooSmall</c>, <c>NoSuchUpload</c>).
/// </summary>
public sealed record MultipartProblem(string Code, string Detail)
{
    public IReadOnlyList<int> MissingPartNumbers { get; init; } = [];

    public IReadOnlyList<int> UnexpectedPartNumbers { get; init; } = [];

    public IReadOnlyList<int> DuplicatePartNumbers { get; init; } = [];

    public IReadOnlyList<int> PartNumbersWithoutETag { get; init; } = [];

    public string? S3ErrorCode { get; init; }
}
