using System.Buffers.Text;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;

namespace BuildPeer.UnitTests.Catalog;

public class UploadCursorCodecTests
{
    private const string Tenant = "acme";
    private const string Project = "tower-7";

    // 2026-03-01T09:15:42.123457Z: the last digit is a microsecond, below what a millisecond clock could express.
    private static readonly UploadCursor Position = new(
        DateTimeOffset.UnixEpoch.AddTicks(1_772_356_542_123_457 * TimeSpan.TicksPerMicrosecond),
        Guid.Parse("0195f3a1-7c2e-7d40-9a3b-5f1e2d3c4b5a"));

    public static TheoryData<DateTimeOffset> Times => new()
    {
        Position.CreatedAt,
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.UnixEpoch.AddTicks(-TimeSpan.TicksPerMicrosecond),
        new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
        DateTimeOffset.MaxValue.AddTicks(-(DateTimeOffset.MaxValue.UtcTicks % TimeSpan.TicksPerMicrosecond)),
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void A_position_round_trips_to_the_microsecond(DateTimeOffset createdAt)
    {
        var position = Position with { CreatedAt = createdAt };

        var cursor = UploadCursorCodec.Encode(position, Tenant, Project, status: null);

        Assert.True(UploadCursorCodec.TryDecode(cursor, Tenant, Project, status: null, out var decoded));
        Assert.Equal(position, decoded);
        Assert.Equal(createdAt.UtcTicks, decoded.CreatedAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, decoded.CreatedAt.Offset);
    }

    [Fact]
    public void A_time_with_an_offset_names_the_same_instant()
    {
        var inParis = new UploadCursor(Position.CreatedAt.ToOffset(TimeSpan.FromHours(1)), Position.Id);

        var cursor = UploadCursorCodec.Encode(inParis, Tenant, Project, status: null);

        Assert.Equal(UploadCursorCodec.Encode(Position, Tenant, Project, status: null), cursor);
    }

    [Fact]
    public void The_cursor_is_url_safe_and_of_fixed_length()
    {
        var cursors = Enumerable.Range(0, 200)
            .Select(_ => UploadCursorCodec.Encode(Position with { Id = Guid.NewGuid() }, Tenant, Project, UploadStatus.Pending))
            .ToList();

        Assert.All(cursors, cursor =>
        {
            Assert.Equal(UploadCursorCodec.EncodedLength, cursor.Length);
            Assert.Equal(Uri.EscapeDataString(cursor), cursor);
            Assert.DoesNotContain('=', cursor);
        });
    }

    [Fact]
    public void A_time_finer_than_a_microsecond_cannot_be_encoded()
    {
        var tooFine = Position with { CreatedAt = Position.CreatedAt.AddTicks(3) };

        Assert.Throws<ArgumentException>(() => UploadCursorCodec.Encode(tooFine, Tenant, Project, status: null));
    }

    [Fact]
    public void Every_single_character_edit_is_refused()
    {
        var cursor = UploadCursorCodec.Encode(Position, Tenant, Project, status: null);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var index = 0; index < cursor.Length; index++)
        {
            foreach (var replacement in alphabet.Where(character => character != cursor[index]))
            {
                var edited = string.Concat(cursor.AsSpan(0, index), replacement.ToString(), cursor.AsSpan(index + 1));
                Assert.False(UploadCursorCodec.TryDecode(edited, Tenant, Project, status: null, out _), $"Accepted {edited}");
            }
        }
    }

    [Fact]
    public void A_cursor_with_a_consistent_but_forged_position_is_refused()
    {
        // Someone who knows the layout changes the time and keeps the old check: the check no longer matches.
        var bytes = Base64Url.DecodeFromChars(UploadCursorCodec.Encode(Position, Tenant, Project, status: null));
        bytes[8] ^= 0x01;

        Assert.False(UploadCursorCodec.TryDecode(Base64Url.EncodeToString(bytes), Tenant, Project, status: null, out _));
    }

    [Theory]
    [InlineData("other", Project, null)]
    [InlineData(Tenant, "tower-8", null)]
    [InlineData(Tenant, Project, UploadStatus.Pending)]
    public void A_cursor_of_another_listing_is_refused(string tenant, string project, UploadStatus? status)
    {
        var cursor = UploadCursorCodec.Encode(Position, Tenant, Project, status: null);

        Assert.False(UploadCursorCodec.TryDecode(cursor, tenant, project, status, out _));
    }

    [Fact]
    public void Tenant_and_project_cannot_be_shifted_into_each_other()
    {
        var cursor = UploadCursorCodec.Encode(Position, "ab", "c", status: null);

        Assert.False(UploadCursorCodec.TryDecode(cursor, "a", "bc", status: null, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("not a cursor at all, but long enough!!!!!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("////////////////////////////////////////////")]
    [InlineData("++++++++++++++++++++++++++++++++++++++++++++")]
    public void Anything_but_an_issued_cursor_is_refused(string? cursor)
    {
        Assert.False(UploadCursorCodec.TryDecode(cursor, Tenant, Project, status: null, out var position));
        Assert.Null(position);
    }

    [Fact]
    public void Padding_whitespace_and_standard_base64_spellings_of_a_cursor_are_refused()
    {
        var cursor = UploadCursorCodec.Encode(Position, Tenant, Project, status: null);
        var bytes = Base64Url.DecodeFromChars(cursor);

        Assert.False(UploadCursorCodec.TryDecode(cursor + "=", Tenant, Project, status: null, out _));
        Assert.False(UploadCursorCodec.TryDecode(" " + cursor, Tenant, Project, status: null, out _));
        Assert.False(UploadCursorCodec.TryDecode(cursor[..^1], Tenant, Project, status: null, out _));
        var standard = Convert.ToBase64String(bytes);
        if (standard != cursor)
        {
            Assert.False(UploadCursorCodec.TryDecode(standard, Tenant, Project, status: null, out _));
        }
    }

    [Fact]
    public void Another_format_version_is_refused()
    {
        var bytes = Base64Url.DecodeFromChars(UploadCursorCodec.Encode(Position, Tenant, Project, status: null));
        bytes[0] = 2;

        Assert.False(UploadCursorCodec.TryDecode(Base64Url.EncodeToString(bytes), Tenant, Project, status: null, out _));
    }
}
