namespace BuildPeer.Grains.Processing.Documents;

[GenerateSerializer, Alias("processing.PdfMetadata")]
public sealed record PdfMetadata
{
    /// <summary>Null only when an encrypted file hides it.</summary>
    [Id(0)] public int? PageCount { get; init; }
    [Id(1)] public bool Encrypted { get; init; }
    /// <summary>Characters of extracted text (0 for a scan without a text layer).</summary>
    [Id(2)] public int TextLength { get; init; }
    /// <summary>The first few hundred characters, whitespace collapsed, for listings and search previews.</summary>
    [Id(3)] public string? TextExcerpt { get; init; }
    [Id(4)] public string? Title { get; init; }
    [Id(5)] public string? Author { get; init; }
    /// <summary>The text stops short of the document's: a page or size cap (Processing:Pdf:MaxPages, MaxTextBytes) was reached.</summary>
    [Id(6)] public bool TextTruncated { get; init; }
}
