namespace BuildPeer.Processing.Documents;

public sealed record PdfMetadata
{
    /// <summary>Null only when an encrypted file hides it.</summary>
    public int? PageCount { get; init; }
    public bool Encrypted { get; init; }
    /// <summary>Characters of extracted text (0 for a scan without a text layer).</summary>
    public int TextLength { get; init; }
    /// <summary>The first few hundred characters, whitespace collapsed, for listings and search previews.</summary>
    public string? TextExcerpt { get; init; }
    public string? Title { get; init; }
    public string? Author { get; init; }
    /// <summary>The text stops short of the document's: a page or size cap (Processing:Pdf:MaxPages, MaxTextBytes) was reached.</summary>
    public bool TextTruncated { get; init; }
}
