using System.Text.Json;
using BuildPeer.Gateway.Projects;
using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Projects.Listing;

namespace BuildPeer.UnitTests.Projects.Listing;

public class ProjectListResponseTests
{
    private static readonly Principal Admin = new("boss", "acme", IsTenantAdmin: true);
    private static readonly ProjectListQuery Query = new("acme", "boss", WholeTenant: true, Search: "tower", 2, After: null);

    private static readonly ProjectSummary[] Page =
    [
        new("tower-7", "Tower 7", ProjectRole.Uploader),
        new("tower-8", "Tower 8", null),
    ];

    [Fact]
    public void The_next_position_becomes_a_cursor_of_this_listing()
    {
        var next = new ProjectCursor("Tower 8", "tower-8");

        var response = ProjectListResponse.From(Admin, new ProjectPage(Page, next), Query);

        Assert.True(ProjectCursorCodec.TryDecode(response.NextCursor, Query, out var decoded));
        Assert.Equal(next, decoded);
    }

    [Fact]
    public void The_last_page_has_a_null_cursor_and_the_json_has_exactly_the_documented_fields()
    {
        var response = ProjectListResponse.From(Admin, new ProjectPage(Page, Next: null), Query);
        var json = JsonSerializer.SerializeToElement(response, JsonSerializerOptions.Web);

        Assert.Equal(["projects", "nextCursor"], json.EnumerateObject().Select(property => property.Name));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("nextCursor").ValueKind);
        var projects = json.GetProperty("projects").EnumerateArray().ToList();
        Assert.Equal(["projectId", "name", "role", "canUpload"], projects[0].EnumerateObject().Select(property => property.Name));
        Assert.Equal(("UPLOADER", true), (projects[0].GetProperty("role").GetString(), projects[0].GetProperty("canUpload").GetBoolean()));
        // A tenant admin sees a project they are not a member of, but uploading takes membership.
        Assert.Equal(JsonValueKind.Null, projects[1].GetProperty("role").ValueKind);
        Assert.False(projects[1].GetProperty("canUpload").GetBoolean());
    }
}
