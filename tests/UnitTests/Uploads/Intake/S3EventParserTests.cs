using BuildPeer.Grains.Uploads.Intake;

namespace BuildPeer.UnitTests.Uploads.Intake;

public class S3EventParserTests
{
    private const string S3Notification = """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
          "eventTime":"2026-11-29T10:15:30.123Z","eventName":"ObjectCreated:Put",
          "s3":{"s3SchemaVersion":"1.0","configurationId":"uploads",
            "bucket":{"name":"buildpeer-uploads","arn":"arn:aws:s3:::buildpeer-uploads"},
            "object":{"key":"acme/p1/uploads/0194f3a2-7c1e-7d2a-9b3c-1234567890ab/Baustelle+S%C3%BCd.jpg",
                      "size":1024,"eTag":"0123456789abcdef0123456789abcdef","sequencer":"0A1B2C3D4E5F678901"}}}]}
        """;

    [Fact]
    public void An_S3_notification_gives_its_object_with_the_key_decoded()
    {
        var message = S3EventParser.Parse(S3Notification);

        Assert.Equal(S3EventMessageKind.ObjectsCreated, message.Kind);
        var created = Assert.Single(message.Objects);
        Assert.Equal("buildpeer-uploads", created.Bucket);
        Assert.Equal("acme/p1/uploads/0194f3a2-7c1e-7d2a-9b3c-1234567890ab/Baustelle Süd.jpg", created.Key);
        Assert.Equal(1024, created.Size);
        Assert.Equal("0123456789abcdef0123456789abcdef", created.ETag);
        Assert.Equal("ObjectCreated:Put", created.EventName);
        Assert.Equal("0A1B2C3D4E5F678901", created.Sequencer);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 10, 15, 30, 123, TimeSpan.Zero), created.EventTime);
    }

    [Fact]
    public void Only_the_ObjectCreated_records_of_a_notification_are_kept()
    {
        var body = """
            {"Records":[
              {"eventTime":"2026-11-29T10:00:00Z","eventName":"ObjectRemoved:Delete",
               "s3":{"bucket":{"name":"b"},"object":{"key":"k1"}}},
              {"eventTime":"2026-11-29T10:00:01Z","eventName":"ObjectCreated:CompleteMultipartUpload",
               "s3":{"bucket":{"name":"b"},"object":{"key":"k2","size":7340032,"eTag":"abc-2"}}}]}
            """;

        var created = Assert.Single(S3EventParser.Parse(body).Objects);

        Assert.Equal("k2", created.Key);
        Assert.Equal("abc-2", created.ETag);
        Assert.Equal(7340032, created.Size);
    }

    [Fact]
    public void A_notification_with_only_other_events_is_irrelevant()
    {
        var body = """
            {"Records":[{"eventTime":"2026-11-29T10:00:00Z","eventName":"ObjectRemoved:Delete",
              "s3":{"bucket":{"name":"b"},"object":{"key":"k1"}}}]}
            """;

        Assert.Equal(S3EventMessageKind.Irrelevant, S3EventParser.Parse(body).Kind);
    }

    [Fact]
    public void The_S3_test_event_is_recognised()
    {
        var body = """
            {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-29T10:00:00.000Z",
             "Bucket":"buildpeer-uploads","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw"}
            """;

        Assert.Equal(S3EventMessageKind.TestEvent, S3EventParser.Parse(body).Kind);
    }

    [Fact]
    public void An_EventBridge_Object_Created_event_gives_its_object_with_the_key_as_is()
    {
        var body = """
            {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"Object Created",
             "source":"aws.s3","account":"111122223333","time":"2026-11-29T10:15:30Z","region":"eu-west-1",
             "resources":["arn:aws:s3:::buildpeer-uploads"],
             "detail":{"version":"0","bucket":{"name":"buildpeer-uploads"},
               "object":{"key":"acme/p1/uploads/0194f3a2-7c1e-7d2a-9b3c-1234567890ab/plan+v2.pdf","size":2048,
                         "etag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"00617F08299329D189"},
               "request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","reason":"PutObject"}}
            """;

        var created = Assert.Single(S3EventParser.Parse(body).Objects);

        Assert.Equal("buildpeer-uploads", created.Bucket);
        Assert.Equal("acme/p1/uploads/0194f3a2-7c1e-7d2a-9b3c-1234567890ab/plan+v2.pdf", created.Key);
        Assert.Equal(2048, created.Size);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", created.ETag);
        Assert.Equal("ObjectCreated:PutObject", created.EventName);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 10, 15, 30, TimeSpan.Zero), created.EventTime);
    }

    [Fact]
    public void Other_EventBridge_S3_events_are_irrelevant()
    {
        var body = """
            {"version":"0","detail-type":"Object Deleted","source":"aws.s3","time":"2026-11-29T10:15:30Z",
             "detail":{"bucket":{"name":"b"},"object":{"key":"k"}}}
            """;

        Assert.Equal(S3EventMessageKind.Irrelevant, S3EventParser.Parse(body).Kind);
    }

    [Fact]
    public void An_S3_notification_wrapped_in_an_SNS_notification_is_unwrapped()
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new { Type = "Notification", MessageId = "m1", Message = S3Notification });

        var created = Assert.Single(S3EventParser.Parse(body).Objects);

        Assert.EndsWith("/Baustelle Süd.jpg", created.Key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"Records\":{}}")]
    [InlineData("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}")]
    [InlineData("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"yesterday\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}]}")]
    [InlineData("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-29T10:00:00Z\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\",\"size\":\"big\"}}}]}")]
    public void Anything_else_is_malformed_and_says_why(string body)
    {
        var message = S3EventParser.Parse(body);

        Assert.Equal(S3EventMessageKind.Malformed, message.Kind);
        Assert.False(string.IsNullOrWhiteSpace(message.Problem));
        Assert.Empty(message.Objects);
    }
}
