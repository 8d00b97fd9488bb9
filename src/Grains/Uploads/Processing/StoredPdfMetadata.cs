using BuildPeer.Processing.Documents;

namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// <see cref="PdfMetadata"/> as the upload's grain state keeps it (<see cref="ProcessingResult"/>); stored with the
/// Orleans serializer, so ids and the alias must stay stable. Also the JSON of <c>uploads.metadata</c>;
/// the fields mean what they mean there.
/// </summary>
[GenerateSerializer, Alias("processing.PdfMetadata")]
public sealed record StoredPdfMetadata
{
    [Id(0)] public int? PageCount { get; init; }
    [Id(1)] public bool Encrypted { get; init; }
    [Id(2)] public int TextLength { get; init; }
    [Id(3)] public string? TextExcerpt { get; init; }
    [Id(4)] public string? Title { get; init; }
    [Id(5)] public string? Author { get; init; }
    [Id(6)] public bool TextTruncated { get; init; }

    public static StoredPdfMetadata? From(PdfMetadata? metadata) => metadata is null ? null : new()
    {
        PageCount = metadata.PageCount,
        Encrypted = metadata.Encrypted,
        TextLength = metadata.TextLength,
        TextExcerpt = metadata.TextExcerpt,
        Title = metadata.Title,
        Author = metadata.Author,
        TextTruncated = metadata.TextTruncated,
    };
}
