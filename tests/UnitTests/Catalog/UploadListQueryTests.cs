using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;

namespace BuildPeer.UnitTests.Catalog;

public class UploadListQueryTests
{
    private const string Tenant = "acme";
    private const string Project = "tower-7";

    private static readonly UploadCursor Position = new(
        DateTimeOffset.UnixEpoch.AddTicks(1_772_356_542_123_457 * TimeSpan.TicksPerMicrosecond), Guid.CreateVersion7());

    [Fact]
    public void Nothing_given_is_the_first_page_of_everything_with_the_default_limit()
    {
        Assert.True(UploadListQuery.TryParse(Tenant, Project, status: null, limit: null, cursor: null, out var query, out var error));

        Assert.Null(error);
        Assert.Equal(new UploadListQuery(Tenant, Project, null, UploadListQuery.DefaultLimit, null), query);
        Assert.Equal(50, query.Limit);
    }

    [Fact]
    public void Empty_values_count_as_not_given()
    {
        Assert.True(UploadListQuery.TryParse(Tenant, Project, "", "", "", out var query, out _));

        Assert.Equal(new UploadListQuery(Tenant, Project, null, UploadListQuery.DefaultLimit, null), query);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("50", 50)]
    [InlineData("200", 200)]
    [InlineData("007", 7)]
    public void A_limit_from_1_to_200_is_taken(string limit, int expected)
    {
        Assert.True(UploadListQuery.TryParse(Tenant, Project, null, limit, null, out var query, out _));

        Assert.Equal(expected, query.Limit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5.0")]
    [InlineData("1e2")]
    [InlineData("ten")]
    [InlineData("99999999999999999999")]
    public void Any_other_limit_is_invalid_limit(string limit)
    {
        Assert.False(UploadListQuery.TryParse(Tenant, Project, null, limit, null, out var query, out var error));

        Assert.Null(query);
        Assert.Equal(ErrorCodes.InvalidLimit, error.Code);
        Assert.Contains("200", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PENDING", UploadStatus.Pending)]
    [InlineData("uploaded", UploadStatus.Uploaded)]
    [InlineData("Quarantined", UploadStatus.Quarantined)]
    [InlineData("ABORTED", UploadStatus.Aborted)]
    public void A_status_is_read_by_its_wire_name_in_any_case(string status, UploadStatus expected)
    {
        Assert.True(UploadListQuery.TryParse(Tenant, Project, status, null, null, out var query, out _));

        Assert.Equal(expected, query.Status);
    }

    [Theory]
    [InlineData("DONE")]
    [InlineData("1")]
    [InlineData("PENDING,UPLOADED")]
    [InlineData(" PENDING")]
    public void Any_other_status_is_invalid_status(string status)
    {
        Assert.False(UploadListQuery.TryParse(Tenant, Project, status, null, null, out _, out var error));

        Assert.Equal(ErrorCodes.InvalidStatus, error.Code);
        Assert.Contains("QUARANTINED", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cursor_issued_for_the_listing_continues_it()
    {
        var cursor = UploadCursorCodec.Encode(Position, Tenant, Project, UploadStatus.Failed);

        Assert.True(UploadListQuery.TryParse(Tenant, Project, "FAILED", "10", cursor, out var query, out _));

        Assert.Equal(new UploadListQuery(Tenant, Project, UploadStatus.Failed, 10, Position), query);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void A_malformed_cursor_is_invalid_cursor(string cursor)
    {
        Assert.False(UploadListQuery.TryParse(Tenant, Project, null, null, cursor, out _, out var error));

        Assert.Equal(ErrorCodes.InvalidCursor, error.Code);
    }

    [Fact]
    public void A_cursor_reused_with_another_status_filter_is_invalid_cursor()
    {
        var cursor = UploadCursorCodec.Encode(Position, Tenant, Project, UploadStatus.Failed);

        Assert.False(UploadListQuery.TryParse(Tenant, Project, null, null, cursor, out _, out var error));

        Assert.Equal(ErrorCodes.InvalidCursor, error.Code);
    }

    [Fact]
    public void A_query_built_by_hand_is_checked_before_it_is_run()
    {
        var valid = new UploadListQuery(Tenant, Project, null, 10, null);

        valid.EnsureValid();
        Assert.Throws<ArgumentOutOfRangeException>(() => (valid with { Limit = 0 }).EnsureValid());
        Assert.Throws<ArgumentOutOfRangeException>(() => (valid with { Limit = 201 }).EnsureValid());
        Assert.Throws<ArgumentOutOfRangeException>(() => (valid with { Status = (UploadStatus)42 }).EnsureValid());
        Assert.Throws<ArgumentException>(() => (valid with { TenantId = "" }).EnsureValid());
        Assert.Throws<ArgumentException>(() => (valid with { ProjectId = "" }).EnsureValid());
    }

    [Fact]
    public void Every_status_is_read_back_from_its_wire_name()
    {
        Assert.All(Enum.GetValues<UploadStatus>(), status => Assert.Equal(status, UploadStatusExtensions.ParseWireName(status.ToWireName())));
        Assert.Throws<FormatException>(() => UploadStatusExtensions.ParseWireName("LOST"));
    }
}
