using BuildPeer.Grains.Uploads.Notifications;

namespace BuildPeer.UnitTests.Digests;

public class UploadNotificationParserTests
{
    private static readonly UploadNotification Notification = new(
        Guid.Parse("0194f3a2-7c1e-7d2a-9b3c-1234567890ab"), "acme", "tower-7", "FAILED", null,
        "0194f3a2-7c1e-7d2a-9b3c-1234567890ab:2", new DateTimeOffset(2026, 11, 29, 10, 15, 30, TimeSpan.Zero));

    [Fact]
    public void A_raw_delivery_is_the_published_body()
    {
        var parsed = UploadNotificationParser.Parse(SnsNotificationPublisher.ToMessageBody(Notification), out var problem);

        Assert.Equal(Notification, parsed);
        Assert.Null(problem);
    }

    [Fact]
    public void SNS_s_envelope_is_unwrapped()
    {
        var envelope = System.Text.Json.JsonSerializer.Serialize(new
        {
            Type = "Notification",
            MessageId = "94f20ce6-13c5-43a0-9a9e-ca52d816e90b",
            TopicArn = "arn:aws:sns:eu-west-1:123456789012:upload-completed",
            Message = SnsNotificationPublisher.ToMessageBody(Notification),
        });

        Assert.Equal(Notification, UploadNotificationParser.Parse(envelope, out _));
    }

    [Theory]
    [InlineData("not json", "not a notification's JSON")]
    [InlineData("""{"uploadId":"0194f3a2-7c1e-7d2a-9b3c-1234567890ab","tenantId":"acme","projectId":"p","status":"FAILED"}""", "notificationId is missing")]
    [InlineData("""{"Records":[]}""", "uploadId is missing")]
    [InlineData("null", "The body is empty")]
    public void Anything_else_is_refused_with_the_reason(string body, string reason)
    {
        Assert.Null(UploadNotificationParser.Parse(body, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }
}
