using BuildPeer.Grains.Abstractions.Projects.Listing;

namespace BuildPeer.UnitTests.Projects.Listing;

public class ProjectSearchTests
{
    [Theory]
    [InlineData("tower", "%tower%")]
    [InlineData("50%", @"%50\%%")]
    [InlineData("site_a", @"%site\_a%")]
    [InlineData(@"c:\plans", @"%c:\\plans%")]
    [InlineData(@"%_\", @"%\%\_\\%")]
    [InlineData("'; DROP TABLE projects; --", "%'; DROP TABLE projects; --%")]
    public void The_pattern_matches_the_search_literally_anywhere(string search, string pattern)
    {
        Assert.Equal(pattern, ProjectSearch.ContainsPattern(search));
    }
}
