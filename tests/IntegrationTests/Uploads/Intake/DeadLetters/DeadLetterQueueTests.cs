using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Uploads.Intake;
using BuildPeer.Grains.Uploads.Intake.DeadLetters;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads.Intake.DeadLetters;

/// <summary><see cref="DeadLetterQueue"/> against the local SQS emulator, on a queue pair of each test's own.</summary>
public class DeadLetterQueueTests : IAsyncLifetime
{
    private const string Garbage = "not json at all";

    private readonly AmazonSQSClient _sqs;
    private TestQueuePair _queues = null!;
    private DeadLetterQueue _deadLetters = null!;

    public DeadLetterQueueTests()
    {
        LocalStack.ExportToEnvironment();
        _sqs = new AmazonSQSClient();
    }

    public async Task InitializeAsync()
    {
        _queues = await TestQueuePair.CreateAsync(_sqs);
        _deadLetters = new DeadLetterQueue(_sqs, _queues.SourceName, _queues.DeadLetterName);
    }

    [Fact]
    public async Task Peek_shows_the_dead_letters_and_leaves_them_visible_in_the_queue()
    {
        var s3Event = S3Notification("acme/tower-7/uploads/0190f2c4-1111-7000-8000-000000000001/level 3.dwg");
        await SendAsync(_queues.DeadLetterUrl, s3Event);
        await SendAsync(_queues.DeadLetterUrl, Garbage);

        var letters = await _deadLetters.PeekAsync(10, CancellationToken.None);

        Assert.Equal(2, letters.Count);
        var s3Letter = Assert.Single(letters, l => l.Body == s3Event);
        Assert.Equal(S3EventMessageKind.ObjectsCreated, s3Letter.Event.Kind);
        var created = Assert.Single(s3Letter.Event.Objects);
        Assert.Equal(("buildpeer-uploads", "acme/tower-7/uploads/0190f2c4-1111-7000-8000-000000000001/level 3.dwg"),
            (created.Bucket, created.Key));
        Assert.Equal(1, s3Letter.ApproximateReceiveCount);
        Assert.NotNull(s3Letter.SentTimestamp);
        var garbage = Assert.Single(letters, l => l.Body == Garbage);
        Assert.Equal(S3EventMessageKind.Malformed, garbage.Event.Kind);
        Assert.False(garbage.BodyTruncated);
        Assert.Equal((2, 0), await _queues.DepthAsync(_queues.DeadLetterUrl));
    }

    [Fact]
    public async Task Peeking_twice_shows_the_same_messages_again()
    {
        await SendAsync(_queues.DeadLetterUrl, Garbage + " 1");
        await SendAsync(_queues.DeadLetterUrl, Garbage + " 2");

        var first = await _deadLetters.PeekAsync(10, CancellationToken.None);
        var second = await _deadLetters.PeekAsync(10, CancellationToken.None);

        Assert.Equal(first.Select(l => l.MessageId).Order(), second.Select(l => l.MessageId).Order());
        Assert.All(second, l => Assert.Equal(2, l.ApproximateReceiveCount));
    }

    [Fact]
    public async Task Peek_returns_at_most_max_messages()
    {
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(_queues.DeadLetterUrl, $"{Garbage} {i}");
        }

        var letters = await _deadLetters.PeekAsync(2, CancellationToken.None);

        Assert.Equal(2, letters.Count);
        Assert.Equal((3, 0), await _queues.DepthAsync(_queues.DeadLetterUrl));
    }

    [Fact]
    public async Task A_body_over_4_KB_is_cut_for_display_and_flagged()
    {
        var body = new string('x', DeadLetter.DisplayLimit + 100);
        await SendAsync(_queues.DeadLetterUrl, body);

        var letter = Assert.Single(await _deadLetters.PeekAsync(10, CancellationToken.None));

        Assert.True(letter.BodyTruncated);
        Assert.Equal(body[..DeadLetter.DisplayLimit], letter.Body);
    }

    [Fact]
    public async Task Redrive_moves_the_messages_to_the_source_queue_with_the_same_bodies_and_attributes()
    {
        await SendAsync(_queues.DeadLetterUrl, Garbage + " 1", ("origin", "test"));
        await SendAsync(_queues.DeadLetterUrl, Garbage + " 2");
        await SendAsync(_queues.DeadLetterUrl, Garbage + " 3");

        var result = await _deadLetters.RedriveAsync(10, CancellationToken.None);

        Assert.Equal((3, 0), (result.Moved, result.Failed));
        Assert.Equal((0, 0), await _queues.DepthAsync(_queues.DeadLetterUrl));
        var moved = await _queues.DrainAsync(_queues.SourceUrl);
        Assert.Equal([Garbage + " 1", Garbage + " 2", Garbage + " 3"], moved.Select(m => m.Body).Order());
        var withAttribute = Assert.Single(moved, m => m.Body == Garbage + " 1");
        Assert.Equal("test", withAttribute.MessageAttributes["origin"].StringValue);
    }

    [Fact]
    public async Task Redrive_moves_at_most_max_messages_and_leaves_the_rest()
    {
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(_queues.DeadLetterUrl, $"{Garbage} {i}");
        }

        var result = await _deadLetters.RedriveAsync(2, CancellationToken.None);

        Assert.Equal((2, 0), (result.Moved, result.Failed));
        Assert.Equal((1, 0), await _queues.DepthAsync(_queues.DeadLetterUrl));
        Assert.Equal(2, (await _queues.DrainAsync(_queues.SourceUrl)).Count);
    }

    [Fact]
    public async Task Redrive_to_a_source_queue_that_does_not_exist_fails_before_touching_the_dead_letters()
    {
        await SendAsync(_queues.DeadLetterUrl, Garbage);
        var misconfigured = new DeadLetterQueue(_sqs, $"missing-{Guid.NewGuid():N}", _queues.DeadLetterName);

        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => misconfigured.RedriveAsync(10, CancellationToken.None));

        Assert.Equal((1, 0), await _queues.DepthAsync(_queues.DeadLetterUrl));
    }

    [Fact]
    public async Task A_message_received_three_times_without_being_deleted_reaches_the_dead_letter_queue()
    {
        await SendAsync(_queues.SourceUrl, Garbage);

        for (var receive = 1; receive <= TestQueuePair.MaxReceiveCount; receive++)
        {
            // Visibility 0: the message is back at once, as if the consumer had failed on it.
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = _queues.SourceUrl,
                VisibilityTimeout = 0,
                WaitTimeSeconds = 1,
            });
            Assert.Equal(Garbage, Assert.Single(response.Messages ?? []).Body);
        }

        // The next receive finds the count exceeded: SQS moves the message instead of delivering it.
        var fourth = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = _queues.SourceUrl, WaitTimeSeconds = 1 });
        Assert.Empty(fourth.Messages ?? []);
        var letter = Assert.Single(await _deadLetters.PeekAsync(10, CancellationToken.None));
        Assert.Equal(Garbage, letter.Body);
        Assert.Equal(S3EventMessageKind.Malformed, letter.Event.Kind);
    }

    private async Task SendAsync(string queueUrl, string body, (string Name, string Value)? attribute = null)
    {
        var request = new SendMessageRequest(queueUrl, body);
        if (attribute is var (name, value))
        {
            request.MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                [name] = new() { DataType = "String", StringValue = value },
            };
        }

        await _sqs.SendMessageAsync(request);
    }

    private static string S3Notification(string key) => JsonSerializer.Serialize(new
    {
        Records = new[]
        {
            new
            {
                eventVersion = "2.1", eventSource = "aws:s3", eventTime = "2026-11-29T10:00:00Z", eventName = "ObjectCreated:Put",
                s3 = new
                {
                    bucket = new { name = "buildpeer-uploads" },
                    @object = new { key = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal), size = 10, eTag = "e" },
                },
            },
        },
    });

    public async Task DisposeAsync()
    {
        await _queues.DisposeAsync();
        _sqs.Dispose();
    }
}
