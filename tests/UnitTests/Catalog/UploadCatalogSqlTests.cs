using System.Text.RegularExpressions;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;
using BuildPeer.Grains.Uploads.Catalog;

namespace BuildPeer.UnitTests.Catalog;

public partial class UploadCatalogSqlTests
{
    private static readonly UploadCursor Position = new(DateTimeOffset.UnixEpoch, Guid.CreateVersion7());

    public static TheoryData<UploadStatus?, bool> Forms => new()
    {
        { null, false },
        { null, true },
        { UploadStatus.Failed, false },
        { UploadStatus.Failed, true },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Each_form_binds_exactly_the_parameters_it_uses_and_fetches_one_row_more(UploadStatus? status, bool afterCursor)
    {
        var query = new UploadListQuery("acme", "tower-7", status, 25, afterCursor ? Position : null);

        var (sql, parameters) = UploadCatalogSql.Build(query);

        var placeholders = Placeholder().Matches(sql).Select(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, parameters.Count), placeholders.Distinct().Order());
        Assert.Equal(26, parameters[^1].Value);
        Assert.Equal(status is not null, sql.Contains("AND status = $3", StringComparison.Ordinal));
        Assert.Equal(afterCursor, sql.Contains("(created_at, id) < (", StringComparison.Ordinal));
        Assert.Contains("ORDER BY created_at DESC, id DESC", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void The_status_is_bound_by_its_wire_name()
    {
        var (_, parameters) = UploadCatalogSql.Build(new UploadListQuery("acme", "tower-7", UploadStatus.Quarantined, 10, null));

        Assert.Equal("QUARANTINED", parameters[2].Value);
    }

    [GeneratedRegex(@"\$(\d+)")]
    private static partial Regex Placeholder();
}
