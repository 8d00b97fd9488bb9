using System.Text.Json;
using BuildPeer.Gateway.Projects.Listing;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;

namespace BuildPeer.UnitTests.Catalog;

public class ProjectUploadsResponseTests
{
    private static readonly UploadListItem Item = new(
        Guid.CreateVersion7(), "plan A.pdf", "application/pdf", 2048, UploadStatus.Quarantined,
        DateTimeOffset.UnixEpoch.AddDays(20_000), null, null, "virus found");

    [Fact]
    public void The_next_position_becomes_a_cursor_of_this_listing()
    {
        var query = new UploadListQuery("acme", "tower-7", UploadStatus.Quarantined, 1, null);
        var next = new UploadCursor(Item.CreatedAt, Item.UploadId);

        var response = ProjectUploadsResponse.From(new UploadPage([Item], next), query);

        Assert.True(UploadCursorCodec.TryDecode(response.NextCursor, "acme", "tower-7", UploadStatus.Quarantined, out var decoded));
        Assert.Equal(next, decoded);
    }

    [Fact]
    public void The_last_page_has_a_null_cursor_and_the_json_has_exactly_the_documented_fields()
    {
        var query = new UploadListQuery("acme", "tower-7", null, 50, null);

        var response = ProjectUploadsResponse.From(new UploadPage([Item], null), query);
        var json = JsonSerializer.SerializeToElement(response, JsonSerializerOptions.Web);

        Assert.Equal(["uploads", "nextCursor"], json.EnumerateObject().Select(property => property.Name));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("nextCursor").ValueKind);
        var upload = Assert.Single(json.GetProperty("uploads").EnumerateArray());
        Assert.Equal(
            ["uploadId", "filename", "contentType", "size", "status", "createdAt", "uploadedAt", "processedAt", "error"],
            upload.EnumerateObject().Select(property => property.Name));
        Assert.Equal("QUARANTINED", upload.GetProperty("status").GetString());
        Assert.Equal("plan A.pdf", upload.GetProperty("filename").GetString());
        Assert.Equal("virus found", upload.GetProperty("error").GetString());
    }
}
