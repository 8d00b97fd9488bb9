namespace BuildPeer.Grains.Processing.Documents;

/// <summary>What <see cref="PdfTextReader"/> could read. <see cref="Locked"/> files needed a password we do not have.</summary>
public sealed record PdfDocumentText(int? PageCount, string? Text, string? Title, string? Author, bool Encrypted)
{
    public static PdfDocumentText Locked { get; } = new(null, null, null, null, Encrypted: true);

    public bool IsLocked => Text is null;
}
