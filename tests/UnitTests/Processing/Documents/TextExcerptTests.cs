using BuildPeer.Processing.Documents;

namespace BuildPeer.UnitTests.Processing.Documents;

public class TextExcerptTests
{
    [Theory]
    [InlineData("  Pour\n\nlevel  2 \t slab  ", 100, "Pour level 2 slab")]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("abc def", 4, "abc")]
    [InlineData("abc def", 5, "abc d")]
    [InlineData(" \n\t ", 10, null)]
    [InlineData("", 10, null)]
    [InlineData("abc", 0, null)]
    public void Whitespace_runs_collapse_and_the_excerpt_is_cut_to_length(string text, int length, string? excerpt)
    {
        Assert.Equal(excerpt, TextExcerpt.Of(text, length));
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        Assert.Equal("ab", TextExcerpt.Of("ab\U0001F3D7x", 3));
    }
}
