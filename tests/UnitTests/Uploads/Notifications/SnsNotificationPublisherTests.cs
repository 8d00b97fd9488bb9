using System.Net;
using Amazon.Runtime;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Notifications;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Uploads.Notifications;

/// <summary>The request the publisher sends, as it leaves the signing handler (the local emulator checks no signatures).</summary>
public class SnsNotificationPublisherTests
{
    private const string TopicArn = "arn:aws:sns:eu-west-1:123456789012:upload-completed";

    private static readonly UploadNotification Notification = new(
        Guid.Parse("0194f3a2-7c1e-7d2a-9b3c-1234567890ab"), "acme", "tower-7", "COMPLETED", null,
        "0194f3a2-7c1e-7d2a-9b3c-1234567890ab:1", new DateTimeOffset(2026, 11, 29, 10, 15, 30, TimeSpan.Zero));

    [Fact]
    public async Task Publish_is_a_SigV4_signed_form_POST_for_sns_in_the_configured_region_and_returns_the_MessageId()
    {
        var transport = new CapturingHandler(HttpStatusCode.OK, """
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>
              <ResponseMetadata><RequestId>f187a3c1</RequestId></ResponseMetadata>
            </PublishResponse>
            """);
        using var sns = CreateClient(transport);
        var publisher = new SnsNotificationPublisher(sns, Options.Create(new SnsOptions { UploadCompletedTopicArn = TopicArn }));

        var messageId = await publisher.PublishAsync(Notification, CancellationToken.None);

        Assert.Equal("94f20ce6-13c5-43a0-9a9e-ca52d816e90b", messageId);
        Assert.Equal(HttpMethod.Post, transport.Method);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", transport.Authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/sns/aws4_request", transport.Authorization, StringComparison.Ordinal);
        var form = transport.Form;
        Assert.Equal("Publish", form["Action"]);
        Assert.Equal("2010-03-31", form["Version"]);
        Assert.Equal(TopicArn, form["TopicArn"]);
        Assert.Equal(SnsNotificationPublisher.ToMessageBody(Notification), form["Message"]);
        Assert.Equal("notificationId", form["MessageAttributes.entry.1.Name"]);
        Assert.Equal("String", form["MessageAttributes.entry.1.Value.DataType"]);
        Assert.Equal(Notification.NotificationId, form["MessageAttributes.entry.1.Value.StringValue"]);
        Assert.Equal("status", form["MessageAttributes.entry.2.Name"]);
        Assert.Equal("COMPLETED", form["MessageAttributes.entry.2.Value.StringValue"]);
    }

    [Fact]
    public void The_message_body_is_camelCase_JSON_with_a_null_thumbnailUrl_kept()
    {
        Assert.Equal(
            """{"uploadId":"0194f3a2-7c1e-7d2a-9b3c-1234567890ab","tenantId":"acme","projectId":"tower-7","status":"COMPLETED","thumbnailUrl":null,"notificationId":"0194f3a2-7c1e-7d2a-9b3c-1234567890ab:1","occurredAt":"2026-11-29T10:15:30+00:00"}""",
            SnsNotificationPublisher.ToMessageBody(Notification));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "Throttling", true)]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError", true)]
    [InlineData(HttpStatusCode.NotFound, "NotFound", false)]
    [InlineData(HttpStatusCode.Forbidden, "AuthorizationError", false)]
    public async Task An_error_reply_throws_with_SNS_code_and_message_and_says_whether_a_retry_can_help(
        HttpStatusCode status, string code, bool transient)
    {
        var transport = new CapturingHandler(status, $"""
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error><Type>Sender</Type><Code>{code}</Code><Message>Something about {code}</Message></Error>
              <RequestId>9a7c</RequestId>
            </ErrorResponse>
            """);
        using var sns = CreateClient(transport);
        var publisher = new SnsNotificationPublisher(sns, Options.Create(new SnsOptions { UploadCompletedTopicArn = TopicArn }));

        var exception = await Assert.ThrowsAsync<SnsRequestException>(() => publisher.PublishAsync(Notification, CancellationToken.None));

        Assert.Equal((code, status, transient), (exception.Code, exception.StatusCode, exception.IsTransient));
        Assert.Contains($"Something about {code}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_that_is_not_the_error_document_is_reported_by_its_status()
    {
        using var sns = CreateClient(new CapturingHandler(HttpStatusCode.BadGateway, "<html>bad gateway</html"));

        var exception = await Assert.ThrowsAsync<SnsRequestException>(() => sns.CreateTopicAsync("upload-completed", CancellationToken.None));

        Assert.Equal(("Http502", true), (exception.Code, exception.IsTransient));
    }

    [Fact]
    public async Task Only_a_topic_name_is_resolved_to_its_ARN_with_CreateTopic_once()
    {
        var transport = new CapturingHandler(HttpStatusCode.OK, $"""
            <CreateTopicResponse><CreateTopicResult><TopicArn>{TopicArn}</TopicArn></CreateTopicResult></CreateTopicResponse>
            """);
        using var sns = CreateClient(transport);
        var publisher = new SnsNotificationPublisher(sns, Options.Create(new SnsOptions { UploadCompletedTopicName = "upload-completed" }));
        transport.Then(HttpStatusCode.OK, "<PublishResponse><PublishResult><MessageId>m1</MessageId></PublishResult></PublishResponse>");

        await publisher.PublishAsync(Notification, CancellationToken.None);
        await publisher.PublishAsync(Notification, CancellationToken.None);

        Assert.Equal(["CreateTopic", "Publish", "Publish"], transport.Actions);
        Assert.Equal(TopicArn, transport.Form["TopicArn"]);
    }

    private static SnsQueryClient CreateClient(HttpMessageHandler transport) => SnsQueryClient.Create(
        new SnsOptions { ServiceUrl = new Uri("https://sns.eu-west-1.amazonaws.com/") },
        new AwsSettings { Region = "eu-west-1" },
        new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        transport);

    /// <summary>Answers with canned replies (the last one repeats) and remembers the last request.</summary>
    private sealed class CapturingHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        private readonly Queue<(HttpStatusCode Status, string Body)> _replies = new([(status, body)]);
        private (HttpStatusCode Status, string Body) _last = (status, body);

        public HttpMethod? Method { get; private set; }

        public string Authorization { get; private set; } = string.Empty;

        public Dictionary<string, string> Form { get; private set; } = [];

        public List<string> Actions { get; } = [];

        public void Then(HttpStatusCode nextStatus, string nextBody) => _replies.Enqueue((nextStatus, nextBody));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Method = request.Method;
            // The typed Authorization property cannot parse SigV4's comma-separated parameters: read the raw value.
            Authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : string.Empty;
            var content = await request.Content!.ReadAsStringAsync(cancellationToken);
            Form = content.Split('&').Select(pair => pair.Split('=', 2))
                .ToDictionary(pair => WebUtility.UrlDecode(pair[0]), pair => WebUtility.UrlDecode(pair[1]));
            Actions.Add(Form["Action"]);
            if (_replies.Count > 0)
            {
                _last = _replies.Dequeue();
            }

            return new HttpResponseMessage(_last.Status) { Content = new StringContent(_last.Body) };
        }
    }
}
