using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects.Listing;

namespace BuildPeer.UnitTests.Projects.Listing;

public class ProjectListQueryTests
{
    [Fact]
    public void Nothing_given_is_the_first_page_of_everything_at_the_default_size()
    {
        Assert.True(ProjectListQuery.TryParse("acme", "dora", wholeTenant: true, null, null, null, out var query, out _));

        Assert.Equal(new ProjectListQuery("acme", "dora", true, null, ProjectListQuery.DefaultLimit, null), query);
    }

    [Theory]
    [InlineData("  Tower 7 ", "Tower 7")]
    [InlineData("   ", null)]
    [InlineData("", null)]
    [InlineData("50%", "50%")]
    [InlineData(@"a_b\c", @"a_b\c")]
    [InlineData("façade 🏗", "façade 🏗")]
    public void The_search_is_trimmed_and_keeps_wildcards_as_text(string q, string? search)
    {
        Assert.True(ProjectListQuery.TryParse("acme", "dora", false, q, null, null, out var query, out _));

        Assert.Equal(search, query.Search);
    }

    [Theory]
    [InlineData("tower\u0000")]
    [InlineData("tow\ner")]
    [InlineData("tow\ter")]
    [InlineData("tow\u007Fer")]
    [InlineData("tow\u0085er")]
    public void A_search_with_control_characters_or_broken_text_is_refused(string q)
    {
        Assert.False(ProjectListQuery.TryParse("acme", "dora", false, q, null, null, out _, out var error));

        Assert.Equal(ErrorCodes.InvalidSearch, error.Code);
    }

    [Fact]
    public void A_search_with_an_unpaired_surrogate_is_refused()
    {
        // Not theory data: the test runner would turn the lone surrogates into U+FFFD on its way to the test.
        foreach (var q in new[] { "tow\uD800er", "tower\uDC00", "\uDC00\uD800" })
        {
            Assert.False(ProjectListQuery.TryParse("acme", "dora", false, q, null, null, out _, out var error));
            Assert.Equal(ErrorCodes.InvalidSearch, error.Code);
        }

        Assert.True(ProjectListQuery.TryParse("acme", "dora", false, "tower \uD83C\uDFD7", null, null, out _, out _));
    }

    [Fact]
    public void A_search_of_up_to_a_hundred_characters_is_accepted_and_a_longer_one_refused()
    {
        Assert.True(ProjectListQuery.TryParse("acme", "dora", false, "  " + new string('x', 100) + "  ", null, null, out _, out _));

        Assert.False(ProjectListQuery.TryParse("acme", "dora", false, new string('x', 101), null, null, out _, out var error));
        Assert.Equal(ErrorCodes.InvalidSearch, error.Code);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("500", 500)]
    [InlineData("25", 25)]
    public void A_limit_in_range_is_taken(string limit, int expected)
    {
        Assert.True(ProjectListQuery.TryParse("acme", "dora", false, null, limit, null, out var query, out _));

        Assert.Equal(expected, query.Limit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5.0")]
    [InlineData("ten")]
    [InlineData("99999999999999999999")]
    public void A_limit_out_of_range_or_not_a_number_is_refused(string limit)
    {
        Assert.False(ProjectListQuery.TryParse("acme", "dora", false, null, limit, null, out _, out var error));

        Assert.Equal(ErrorCodes.InvalidLimit, error.Code);
    }

    [Fact]
    public void An_issued_cursor_continues_the_same_search_and_nothing_else()
    {
        Assert.True(ProjectListQuery.TryParse("acme", "dora", false, " tower ", "10", null, out var first, out _));
        var cursor = ProjectCursorCodec.Encode(new ProjectCursor("Tower 7", "tower-7"), first);

        Assert.True(ProjectListQuery.TryParse("acme", "dora", false, "tower", "20", cursor, out var next, out _));
        Assert.Equal(new ProjectCursor("Tower 7", "tower-7"), next.After);

        Assert.False(ProjectListQuery.TryParse("acme", "dora", false, "towers", "10", cursor, out _, out var error));
        Assert.Equal(ErrorCodes.InvalidCursor, error.Code);
        Assert.False(ProjectListQuery.TryParse("acme", "dora", false, "tower", "10", cursor + "x", out _, out error));
        Assert.Equal(ErrorCodes.InvalidCursor, error.Code);
    }

    [Fact]
    public void A_query_the_parser_could_not_build_is_refused_by_the_grain()
    {
        var query = new ProjectListQuery("acme", "dora", false, null, 10, null);

        query.EnsureValid();
        Assert.Throws<ArgumentOutOfRangeException>(() => (query with { Limit = 501 }).EnsureValid());
        Assert.Throws<ArgumentException>(() => (query with { Search = "a\u0000" }).EnsureValid());
        Assert.Throws<ArgumentException>(() => (query with { Search = " padded " }).EnsureValid());
        Assert.Throws<ArgumentException>(() => (query with { After = new ProjectCursor("x", "Not An Id") }).EnsureValid());
    }
}
