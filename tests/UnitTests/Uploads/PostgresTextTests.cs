using BuildPeer.Grains.Uploads.Records;

namespace BuildPeer.UnitTests.Uploads;

public class PostgresTextTests
{
    [Theory]
    [InlineData("a\0b", "a\uFFFDb")]
    [InlineData("😀 ñ", "😀 ñ")]
    public void Unstorable_characters_become_the_replacement_character(string value, string expected)
    {
        Assert.Equal(expected, PostgresText.Clean(value));
    }

    [Fact]
    public void Lone_surrogates_become_the_replacement_character_and_pairs_stay()
    {
        // Built here: xunit's theory data would turn a lone surrogate into U+FFFD before the test sees it.
        Assert.Equal("a\uFFFDb", PostgresText.Clean("a" + '\uD800' + "b"));
        Assert.Equal("\uFFFD", PostgresText.Clean(new string('\uDC00', 1)));
    }

    [Fact]
    public void Clean_text_is_returned_as_it_is()
    {
        const string value = "site photo.jpg";

        Assert.Same(value, PostgresText.Clean(value));
        Assert.Null(PostgresText.Clean(null));
    }

    [Fact]
    public void Json_loses_its_NUL_escapes_but_not_an_escaped_backslash_before_u0000()
    {
        Assert.Equal("""{"make":"Canon\ufffd","note":"C:\\u0000"}""",
            PostgresText.CleanJson("""{"make":"Canon\u0000","note":"C:\\u0000"}"""));
    }
}
