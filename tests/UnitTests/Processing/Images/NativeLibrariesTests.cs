using ImageMagick;
using NetVips;
using Image = NetVips.Image;

namespace BuildPeer.UnitTests.Processing.Images;

/// <summary>
/// libvips (NetVips.Native) and ImageMagick (Magick.NET) each bundle their own GLib-era native stacks; Debian's
/// libvips aborts next to Magick.NET, so prove these two builds share one process.
/// </summary>
public class NativeLibrariesTests
{
    [Fact]
    public void Libvips_and_Magick_encode_in_the_same_process()
    {
        using var vipsImage = Image.Black(64, 48);
        var vipsJpeg = vipsImage.JpegsaveBuffer(q: 80);

        using var magickImage = new MagickImage(MagickColors.Orange, 64, 48) { Format = MagickFormat.Jpeg };
        var magickJpeg = magickImage.ToByteArray();

        using var roundTrip = Image.NewFromBuffer(magickJpeg);
        Assert.Equal((64, 48), (roundTrip.Width, roundTrip.Height));
        Assert.True(vipsJpeg.Length > 0);
    }

    [Fact]
    public void Magick_has_a_heif_decoder()
    {
        Assert.Contains("heic", MagickNET.Delegates, StringComparison.Ordinal);
    }
}
