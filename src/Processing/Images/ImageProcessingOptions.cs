using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Processing.Images;

/// <summary>The "Processing:Images" section.</summary>
public sealed class ImageProcessingOptions
{
    public const string SectionName = "Processing:Images";

    /// <summary>
    /// Images whose header declares more pixels than this are refused before any pixel is decoded, so a small
    /// decompression bomb cannot take gigabytes of memory and seconds of CPU. 100 MP is well above any phone camera.
    /// </summary>
    [Range(typeof(long), "1", "1000000000", ErrorMessage = "Processing:Images:MaxPixels must be between 1 and 1000000000.")]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>Quality of both JPEG thumbnails.</summary>
    [Range(1, 100, ErrorMessage = "Processing:Images:JpegQuality must be between 1 and 100.")]
    public int JpegQuality { get; set; } = 80;

    /// <summary>
    /// Pixel-cache memory Magick.NET (the HEIF decoder) may hold before it fails; it never spills to disk. It lives
    /// inside a parser worker, so it must stay below Processing:Parsers:MemoryLimitBytes; the default decodes a
    /// 48 MP phone photo.
    /// </summary>
    [Range(typeof(long), "16777216", "17179869184", ErrorMessage = "Processing:Images:MagickMemoryLimitBytes must be between 16 MiB and 16 GiB.")]
    public long MagickMemoryLimitBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>
    /// Bytes of metadata blocks (EXIF, XMP, ICC, comments) read from a photo; a file with more is processed without
    /// its metadata, which is then marked as skipped. Real photos carry well under 200 KB.
    /// </summary>
    [Range(typeof(long), "65536", "268435456", ErrorMessage = "Processing:Images:MaxMetadataBytes must be between 64 KiB and 256 MiB.")]
    public long MaxMetadataBytes { get; set; } = 1024 * 1024;
}
