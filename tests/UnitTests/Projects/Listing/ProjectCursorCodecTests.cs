using System.Buffers.Text;
using BuildPeer.Grains.Abstractions.Projects.Listing;

namespace BuildPeer.UnitTests.Projects.Listing;

public class ProjectCursorCodecTests
{
    private static readonly ProjectListQuery Listing = new("acme", "dora", WholeTenant: false, Search: "tower", 50, After: null);
    private static readonly ProjectCursor Position = new("Tower 7 – Façade ☂ 50%_done", "tower-7");

    [Theory]
    [InlineData("Tower 7", "tower-7")]
    [InlineData("Façade 🏗️ north", "a")]
    [InlineData("x", "p-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abc")]
    public void A_position_round_trips(string name, string projectId)
    {
        var position = new ProjectCursor(name, projectId);

        var cursor = ProjectCursorCodec.Encode(position, Listing);

        Assert.True(ProjectCursorCodec.TryDecode(cursor, Listing, out var decoded));
        Assert.Equal(position, decoded);
        Assert.Equal(Uri.EscapeDataString(cursor), cursor);
    }

    [Fact]
    public void A_name_of_the_longest_kind_fits()
    {
        var position = new ProjectCursor(new string('€', 200), "tower-7");

        Assert.True(ProjectCursorCodec.TryDecode(ProjectCursorCodec.Encode(position, Listing), Listing, out var decoded));
        Assert.Equal(position, decoded);
    }

    [Fact]
    public void Every_single_character_edit_is_refused()
    {
        var cursor = ProjectCursorCodec.Encode(Position, Listing);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var index = 0; index < cursor.Length; index++)
        {
            foreach (var replacement in alphabet.Where(character => character != cursor[index]))
            {
                var edited = string.Concat(cursor.AsSpan(0, index), replacement.ToString(), cursor.AsSpan(index + 1));
                Assert.False(ProjectCursorCodec.TryDecode(edited, Listing, out _), $"Accepted {edited}");
            }
        }
    }

    [Fact]
    public void A_consistent_but_forged_position_is_refused()
    {
        // Someone who knows the layout edits the name and keeps the old check: the check no longer matches.
        var bytes = Base64Url.DecodeFromChars(ProjectCursorCodec.Encode(Position, Listing));
        bytes[3] = (byte)'S';

        Assert.False(ProjectCursorCodec.TryDecode(Base64Url.EncodeToString(bytes), Listing, out _));
    }

    public static TheoryData<ProjectListQuery> OtherListings => new()
    {
        Listing with { TenantId = "globex" },
        Listing with { UserId = "eve" },
        Listing with { WholeTenant = true },
        Listing with { Search = null },
        Listing with { Search = "Tower" },
        Listing with { Search = "towe" },
    };

    [Theory]
    [MemberData(nameof(OtherListings))]
    public void A_cursor_of_another_caller_reach_or_search_is_refused(ProjectListQuery other)
    {
        var cursor = ProjectCursorCodec.Encode(Position, Listing);

        Assert.False(ProjectCursorCodec.TryDecode(cursor, other, out _));
    }

    [Fact]
    public void The_limit_is_not_part_of_the_listing()
    {
        var cursor = ProjectCursorCodec.Encode(Position, Listing);

        Assert.True(ProjectCursorCodec.TryDecode(cursor, Listing with { Limit = 10 }, out _));
    }

    [Fact]
    public void Tenant_and_user_cannot_be_shifted_into_each_other()
    {
        var cursor = ProjectCursorCodec.Encode(Position, Listing with { TenantId = "ab", UserId = "c" });

        Assert.False(ProjectCursorCodec.TryDecode(cursor, Listing with { TenantId = "a", UserId = "bc" }, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("not a cursor at all, but long enough!!!!!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("////////////////////////////////////////////")]
    [InlineData("%00%27%3B--")]
    public void Anything_but_an_issued_cursor_is_refused(string? cursor)
    {
        Assert.False(ProjectCursorCodec.TryDecode(cursor, Listing, out var position));
        Assert.Null(position);
    }

    [Fact]
    public void An_over_long_cursor_is_refused_before_it_is_decoded()
    {
        Assert.False(ProjectCursorCodec.TryDecode(new string('A', 100_000), Listing, out _));
    }

    [Fact]
    public void Padding_whitespace_and_truncation_are_refused()
    {
        var cursor = ProjectCursorCodec.Encode(Position, Listing);

        Assert.False(ProjectCursorCodec.TryDecode(cursor + "=", Listing, out _));
        Assert.False(ProjectCursorCodec.TryDecode(" " + cursor, Listing, out _));
        Assert.False(ProjectCursorCodec.TryDecode(cursor[..^1], Listing, out _));
        Assert.False(ProjectCursorCodec.TryDecode(cursor[1..], Listing, out _));
    }

    [Fact]
    public void A_position_that_is_not_a_project_cannot_be_encoded()
    {
        Assert.Throws<ArgumentException>(() => ProjectCursorCodec.Encode(Position with { ProjectId = "Tower 7" }, Listing));
    }
}
