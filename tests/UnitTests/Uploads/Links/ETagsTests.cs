using BuildPeer.Grains.Uploads.Links.Multipart;

namespace BuildPeer.UnitTests.Uploads.Links;

public class ETagsTests
{
    [Theory]
    [InlineData("\"0f343b0931126a20f133d67c2b018a3b\"", "0f343b0931126a20f133d67c2b018a3b")]
    [InlineData("0f343b0931126a20f133d67c2b018a3b", "0f343b0931126a20f133d67c2b018a3b")]
    [InlineData(" \"abc-3\" ", "abc-3")]
    [InlineData(null, "")]
    public void Unquoting_drops_quotes_and_surrounding_spaces(string? eTag, string expected)
    {
        Assert.Equal(expected, ETags.Unquote(eTag));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("\"abc\"")]
    public void Quoting_gives_exactly_one_pair_of_quotes(string eTag)
    {
        Assert.Equal("\"abc\"", ETags.Quote(eTag));
    }

    [Theory]
    [InlineData("\"9b2cf535f27731c974343645a3985328-3\"", 3, true)]
    [InlineData("9b2cf535f27731c974343645a3985328-3", 3, true)]
    [InlineData("9b2cf535f27731c974343645a3985328-13", 3, false)]
    [InlineData("9b2cf535f27731c974343645a3985328-2", 3, false)]
    [InlineData("9b2cf535f27731c974343645a3985328", 3, false)]
    [InlineData(null, 1, false)]
    public void A_multipart_ETag_ends_in_its_part_count(string? eTag, int partCount, bool expected)
    {
        Assert.Equal(expected, ETags.IsMultipartOf(eTag, partCount));
    }
}
