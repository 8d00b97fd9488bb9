namespace BuildPeer.Processing.Documents;

/// <summary>
/// What <see cref="PdfTextReader"/> could read. <see cref="Encrypted"/> alone is not <see cref="IsLocked"/>: a file
/// encrypted with an empty user password (owner restrictions only) opens and gives its text.
/// </summary>
public sealed record PdfDocumentText(int? PageCount, string? Text, string? Title, string? Author, bool Encrypted, bool Truncated = false)
{
    public static PdfDocumentText Locked { get; } = new(null, null, null, null, Encrypted: true);

    /// <summary>A password we do not have was needed, so nothing was read.</summary>
    public bool IsLocked => Encrypted && Text is null;
}
