namespace BuildPeer.Processing.Content;

/// <summary>What a file really is, judged from its bytes; one value per family of formats the service accepts.</summary>
public enum ContentKind
{
    Jpeg,
    Png,
    WebP,
    Heif,
    Tiff,
    Pdf,
    Dwg,
    Dxf,
}
