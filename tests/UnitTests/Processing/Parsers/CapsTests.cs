using System.Text;
using BuildPeer.Processing.Documents;
using BuildPeer.Processing.Images;
using BuildPeer.UnitTests.Processing.Documents;
using BuildPeer.UnitTests.Processing.Images;

namespace BuildPeer.UnitTests.Processing.Parsers;

/// <summary>The caps on what a parser keeps: pages and bytes of text, bytes of photo metadata.</summary>
public sealed class CapsTests
{
    [Fact]
    public void Text_stops_at_its_byte_cap_without_splitting_a_character_and_says_so()
    {
        var text = new CappedText(10);
        text.Append("abcdefgh");
        text.Append("ñññ");

        Assert.True(text.Full);
        Assert.Equal("abcdefghñ", text.ToString());
        Assert.Equal(10, Encoding.UTF8.GetByteCount(text.ToString()));
    }

    [Fact]
    public void A_PDF_over_the_page_cap_keeps_its_page_count_and_marks_its_text_truncated()
    {
        using var folder = new TempFolder();
        var path = folder.Write("diary.pdf", GeneratedPdf.WithPages(5));

        var content = PdfTextReader.Read(path, maxPages: 2, maxTextBytes: 1024 * 1024, CancellationToken.None);

        Assert.Equal(5, content.PageCount);
        Assert.True(content.Truncated);
        Assert.Contains(GeneratedPdf.PageText(2), content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(GeneratedPdf.PageText(3), content.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void JPEG_metadata_is_measured_from_segment_headers_and_a_plain_photo_has_little()
    {
        using var folder = new TempFolder();
        var photo = Path.Combine(folder.Directory.FullName, "photo.jpg");
        File.WriteAllBytes(photo, GeneratedImages.JpegWithExif(320, 240));
        var bloated = Path.Combine(folder.Directory.FullName, "bloated.jpg");
        var segment = new byte[65533];
        using (var file = File.Create(bloated))
        {
            file.Write([0xFF, 0xD8]);
            for (var count = 0; count < 40; count++)
            {
                file.Write([0xFF, 0xE1, 0xFF, 0xFF]);
                file.Write(segment);
            }

            file.Write(GeneratedImages.Jpeg(16, 16).AsSpan(2));
        }

        Assert.InRange(JpegMetadataSize.Measure(photo, long.MaxValue), 1, 64 * 1024);
        Assert.True(JpegMetadataSize.Measure(bloated, 1024 * 1024) > 1024 * 1024);
        // It stops reading headers once past the cap: one segment here.
        Assert.Equal(65535, JpegMetadataSize.Measure(bloated, 0));
    }
}
