using BuildPeer.Grains.Uploads.Links;

namespace BuildPeer.UnitTests.Uploads.Links;

public class AttachmentDispositionTests
{
    [Theory]
    [InlineData("site.jpg", "attachment; filename=\"site.jpg\"; filename*=UTF-8''site.jpg")]
    [InlineData("site photo.jpg", "attachment; filename=\"site photo.jpg\"; filename*=UTF-8''site%20photo.jpg")]
    [InlineData("año.jpg", "attachment; filename=\"ano.jpg\"; filename*=UTF-8''a%C3%B1o.jpg")]
    [InlineData("my \"best\".jpg", "attachment; filename=\"my _best_.jpg\"; filename*=UTF-8''my%20%22best%22.jpg")]
    [InlineData("100%;a.jpg", "attachment; filename=\"100_;a.jpg\"; filename*=UTF-8''100%25%3Ba.jpg")]
    [InlineData("😀.jpg", "attachment; filename=\"_.jpg\"; filename*=UTF-8''%F0%9F%98%80.jpg")]
    [InlineData("a\\b'c*.pdf", "attachment; filename=\"a_b'c*.pdf\"; filename*=UTF-8''a%5Cb%27c%2A.pdf")]
    public void The_header_has_an_ascii_fallback_and_the_exact_name_as_utf8(string fileName, string expected)
    {
        Assert.Equal(expected, AttachmentDisposition.For(fileName));
    }

    [Fact]
    public void A_name_with_no_ascii_left_falls_back_to_a_word()
    {
        Assert.Equal("download", AttachmentDisposition.AsciiFallback("  "));
    }

    [Fact]
    public void The_encoded_name_decodes_back_to_the_original()
    {
        const string name = "Plan ñ 😀 \"x\" 100% ; ,=.pdf";

        Assert.Equal(name, Uri.UnescapeDataString(AttachmentDisposition.PercentEncode(name)));
    }
}
