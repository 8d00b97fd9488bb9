namespace BuildPeer.Processing.Documents;

/// <summary>The PDF's metadata, its full text (null when encrypted) and a page-1 JPEG preview (long edge 800).</summary>
public sealed record PdfOutcome(PdfMetadata Metadata, string? Text, byte[]? PreviewJpeg);
