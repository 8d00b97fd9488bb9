using System.Text;
using BuildPeer.Gateway.Push;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Feed;

namespace BuildPeer.UnitTests.Push;

public class UploadEventTests
{
    private static readonly Guid UploadId = Guid.Parse("01958f3c-1a2b-7c3d-8e4f-5a6b7c8d9e0f");

    [Fact]
    public void A_processing_change_is_the_contract_message_with_every_field_and_nulls()
    {
        var change = Changes.Of(UploadId, 3) with { OccurredAt = new DateTimeOffset(2026, 3, 4, 6, 6, 7, 890, TimeSpan.FromHours(1)) };

        var text = Encoding.UTF8.GetString(UploadEvent.From(change).ToMessage());

        Assert.Equal(
            "event: status\n" +
            "id: 01958f3c-1a2b-7c3d-8e4f-5a6b7c8d9e0f:3\n" +
            "data: {\"uploadId\":\"01958f3c-1a2b-7c3d-8e4f-5a6b7c8d9e0f\",\"projectId\":\"tower-7\",\"fileName\":\"site.jpg\"," +
            "\"status\":\"PROCESSING\",\"progress\":75,\"thumbnailUrl\":null,\"downloadUrl\":null,\"processedAt\":null," +
            "\"errorCode\":null,\"error\":null,\"version\":3,\"occurredAt\":\"2026-03-04T05:06:07.89Z\"}\n\n",
            text);
    }

    [Fact]
    public void A_completed_change_carries_its_links_and_time_in_UTC()
    {
        var change = Changes.Of(UploadId, 5, UploadStatus.Completed) with
        {
            ThumbnailUrl = "http://s3/thumb.jpg?X-Amz-Signature=1",
            DownloadUrl = "http://s3/site.jpg?X-Amz-Signature=2",
            ProcessedAt = Changes.At,
        };

        var data = UploadEvent.From(change);

        Assert.Equal(("COMPLETED", 100), (data.Status, data.Progress));
        Assert.Equal(change.ThumbnailUrl, data.ThumbnailUrl);
        Assert.Equal(change.DownloadUrl, data.DownloadUrl);
        Assert.Equal(DateTimeKind.Utc, data.ProcessedAt!.Value.Kind);
        Assert.Contains("\"processedAt\":\"2026-03-04T05:06:07.89Z\"", Encoding.UTF8.GetString(data.ToMessage()), StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_message_with_line_breaks_stays_on_one_data_line()
    {
        var change = Changes.Of(UploadId, 4, UploadStatus.Failed) with { ErrorCode = "image_corrupt", Error = "line one\nline two" };

        var lines = Encoding.UTF8.GetString(UploadEvent.From(change).ToMessage()).Split('\n');

        Assert.Single(lines, line => line.StartsWith("data: ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("\"error\":\"line one\\nline two\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(UploadStatus.Pending, 0)]
    [InlineData(UploadStatus.Uploaded, 50)]
    [InlineData(UploadStatus.Quarantined, 100)]
    public void Progress_is_the_status_endpoints(UploadStatus status, int progress)
    {
        Assert.Equal(progress, UploadEvent.From(Changes.Of(UploadId, 1, status)).Progress);
    }
}
