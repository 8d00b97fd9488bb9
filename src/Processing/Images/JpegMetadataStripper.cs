using System.Buffers.Binary;

namespace BuildPeer.Processing.Images;

/// <summary>
/// Copies a JPEG without its metadata segments (APPn and comments), for a file whose metadata is over the cap: the
/// decoder would otherwise keep every such segment in memory before it reaches a pixel. Everything from the image
/// data on is copied as it is.
/// </summary>
internal static class JpegMetadataStripper
{
    public static void Copy(string source, string destination)
    {
        using var input = File.OpenRead(source);
        using var output = File.Create(destination);
        Span<byte> two = stackalloc byte[2];
        Span<byte> lengthBytes = stackalloc byte[2];
        if (input.ReadAtLeast(two, 2, throwOnEndOfStream: false) < 2 || two[0] != 0xFF || two[1] != 0xD8)
        {
            throw new InvalidDataException("Not a JPEG: it does not start with SOI.");
        }

        output.Write(two);
        while (input.ReadAtLeast(two, 2, throwOnEndOfStream: false) == 2 && two[0] == 0xFF)
        {
            var marker = two[1];
            if (marker == 0xFF)
            {
                input.Seek(-1, SeekOrigin.Current);
                continue;
            }

            if (marker is 0xDA or 0xD9 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                // The image data (or a marker without a length): from here on the file is copied unchanged.
                output.Write(two);
                input.CopyTo(output);
                return;
            }

            if (input.ReadAtLeast(lengthBytes, 2, throwOnEndOfStream: false) < 2)
            {
                break;
            }

            var payload = Math.Max(0, BinaryPrimitives.ReadUInt16BigEndian(lengthBytes) - 2);
            if (marker is (>= 0xE0 and <= 0xEF) or 0xFE)
            {
                input.Seek(payload, SeekOrigin.Current);
                continue;
            }

            output.Write(two);
            output.Write(lengthBytes);
            CopyExactly(input, output, payload);
        }

        // A truncated or odd tail: what is left goes through as it is and the decoder judges it.
        input.CopyTo(output);
    }

    private static void CopyExactly(Stream input, Stream output, int count)
    {
        var buffer = new byte[count];
        var read = input.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        output.Write(buffer, 0, read);
    }
}
