using System.Buffers.Binary;

namespace BuildPeer.UnitTests.Processing.Documents;

/// <summary>Reads a JPEG's pixel size from its start-of-frame marker, without decoding it.</summary>
internal static class JpegSize
{
    public static (int Width, int Height) Read(byte[] jpeg)
    {
        Assert.True(jpeg.Length > 4 && jpeg[0] == 0xFF && jpeg[1] == 0xD8, "not a JPEG");
        var offset = 2;
        while (offset + 9 < jpeg.Length)
        {
            Assert.Equal(0xFF, jpeg[offset]);
            var marker = jpeg[offset + 1];
            var segmentLength = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 2));
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var height = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 5));
                var width = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 7));
                return (width, height);
            }

            offset += 2 + segmentLength;
        }

        throw new InvalidDataException("No start-of-frame marker in the JPEG.");
    }
}
