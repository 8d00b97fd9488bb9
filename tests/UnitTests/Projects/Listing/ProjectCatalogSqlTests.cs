using System.Globalization;
using System.Text.RegularExpressions;
using BuildPeer.Grains.Abstractions.Projects.Listing;
using BuildPeer.Grains.Projects;

namespace BuildPeer.UnitTests.Projects.Listing;

public partial class ProjectCatalogSqlTests
{
    public static TheoryData<bool, string?, bool> Forms()
    {
        var forms = new TheoryData<bool, string?, bool>();
        foreach (var wholeTenant in new[] { false, true })
        {
            foreach (var search in new[] { null, "50%" })
            {
                foreach (var after in new[] { false, true })
                {
                    forms.Add(wholeTenant, search, after);
                }
            }
        }

        return forms;
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Each_form_binds_exactly_the_parameters_it_uses_and_fetches_one_row_more(bool wholeTenant, string? search, bool after)
    {
        var query = new ProjectListQuery("acme", "dora", wholeTenant, search, 25, after ? new ProjectCursor("Tower", "tower") : null);

        var (sql, parameters) = ProjectCatalogSql.Build(query);

        var placeholders = Placeholder().Matches(sql).Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, parameters.Count), placeholders.Distinct().Order());
        Assert.Equal(26, parameters[^1].Value);
        Assert.Equal(search is not null, sql.Contains("lower(p.name) LIKE lower($3) ESCAPE '\\'", StringComparison.Ordinal));
        Assert.Equal(after, sql.Contains("(p.name, p.id) > (", StringComparison.Ordinal));
        Assert.Equal(wholeTenant, sql.Contains("FROM projects p", StringComparison.Ordinal));
        Assert.Contains("ORDER BY p.name, p.id", sql, StringComparison.Ordinal);
        if (search is not null)
        {
            Assert.Equal(@"%50\%%", parameters[2].Value);
        }
    }

    [GeneratedRegex(@"\$(\d+)")]
    private static partial Regex Placeholder();
}
