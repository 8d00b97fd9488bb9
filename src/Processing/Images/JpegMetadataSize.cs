using System.Buffers.Binary;

namespace BuildPeer.Processing.Images;

/// <summary>
/// Bytes of metadata (APPn and comment segments) in front of a JPEG's image data, counted from the segment headers
/// alone, so a file with megabytes of EXIF, XMP or ICC blocks is recognised before a metadata reader loads them.
/// </summary>
internal static class JpegMetadataSize
{
    /// <summary>The total, or the first total found above <paramref name="stopAbove"/>; 0 for a file that is not a JPEG.</summary>
    public static long Measure(string path, long stopAbove)
    {
        using var stream = File.OpenRead(path);
        Span<byte> two = stackalloc byte[2];
        if (stream.ReadAtLeast(two, 2, throwOnEndOfStream: false) < 2 || two[0] != 0xFF || two[1] != 0xD8)
        {
            return 0;
        }

        long total = 0;
        while (total <= stopAbove && stream.ReadAtLeast(two, 2, throwOnEndOfStream: false) == 2 && two[0] == 0xFF)
        {
            var marker = two[1];
            if (marker == 0xFF)
            {
                // Fill byte: the marker follows.
                stream.Seek(-1, SeekOrigin.Current);
                continue;
            }

            if (marker is 0xDA or 0xD9)
            {
                break; // Image data (or the end): metadata segments come before it.
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // Markers without a length.
            }

            if (stream.ReadAtLeast(two, 2, throwOnEndOfStream: false) < 2)
            {
                break;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(two);
            if (marker is (>= 0xE0 and <= 0xEF) or 0xFE)
            {
                total += length;
            }

            stream.Seek(Math.Max(0, length - 2), SeekOrigin.Current);
        }

        return total;
    }
}
