using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Uploads.Intake;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Intake.DeadLetters;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildPeer.IntegrationTests.Uploads.Intake;

/// <summary>Handled messages leave the queue in batches of ten, and none is left behind when the consumer stops.</summary>
public sealed class SqsDeleteBatcherTests : IAsyncLifetime
{
    private readonly AmazonSQSClient _sqs;
    private TestQueuePair _queues = null!;
    private int _batchRequests;

    public SqsDeleteBatcherTests()
    {
        LocalStack.ExportToEnvironment();
        _sqs = new AmazonSQSClient();
        _sqs.AfterResponseEvent += (_, e) =>
        {
            if (e is WebServiceResponseEventArgs { Request: DeleteMessageBatchRequest })
            {
                Interlocked.Increment(ref _batchRequests);
            }
        };
    }

    public async Task InitializeAsync() => _queues = await TestQueuePair.CreateAsync(_sqs);

    [Fact]
    public async Task Twenty_five_handled_messages_are_deleted_in_three_requests()
    {
        var received = await SendAndReceiveAsync(25);
        var batcher = new SqsDeleteBatcher(_sqs, _queues.SourceUrl, TimeProvider.System, NullLogger.Instance);

        await Task.WhenAll(received.Select(batcher.DeleteAsync));
        await batcher.StopAsync();

        Assert.Equal((0, 0), await _queues.DepthAsync(_queues.SourceUrl));
        Assert.Equal(3, Volatile.Read(ref _batchRequests));
    }

    [Fact]
    public async Task Messages_handled_one_by_one_leave_the_queue_within_moments_without_a_stop()
    {
        var received = await SendAndReceiveAsync(3);
        var batcher = new SqsDeleteBatcher(_sqs, _queues.SourceUrl, TimeProvider.System, NullLogger.Instance);
        try
        {
            foreach (var message in received)
            {
                await batcher.DeleteAsync(message);
                await Eventually.MatchesAsync(() => _queues.DepthAsync(_queues.SourceUrl),
                    depth => depth.InFlight == received.Count - received.IndexOf(message) - 1, TimeSpan.FromSeconds(5),
                    "the handled message to be deleted");
            }
        }
        finally
        {
            await batcher.StopAsync();
        }

        Assert.Equal(3, Volatile.Read(ref _batchRequests));
    }

    [Fact]
    public async Task A_message_handled_after_the_stop_is_deleted_at_once()
    {
        var message = Assert.Single(await SendAndReceiveAsync(1));
        var batcher = new SqsDeleteBatcher(_sqs, _queues.SourceUrl, TimeProvider.System, NullLogger.Instance);
        await batcher.StopAsync();

        await batcher.DeleteAsync(message);

        Assert.Equal((0, 0), await _queues.DepthAsync(_queues.SourceUrl));
    }

    [Fact]
    public async Task A_stale_receipt_handle_fails_alone_and_the_rest_of_its_batch_is_deleted()
    {
        var message = Assert.Single(await SendAndReceiveAsync(1));
        var stale = new Message { MessageId = "stale", ReceiptHandle = "not-a-receipt-handle" };
        var batcher = new SqsDeleteBatcher(_sqs, _queues.SourceUrl, TimeProvider.System, NullLogger.Instance);

        await batcher.DeleteAsync(stale);
        await batcher.DeleteAsync(message);
        await batcher.StopAsync();

        Assert.Equal((0, 0), await _queues.DepthAsync(_queues.SourceUrl));
    }

    private async Task<List<Message>> SendAndReceiveAsync(int count)
    {
        foreach (var chunk in Enumerable.Range(0, count).Chunk(SqsDeleteBatcher.MaxBatch))
        {
            await _sqs.SendMessageBatchAsync(_queues.SourceUrl,
                [.. chunk.Select(i => new SendMessageBatchRequestEntry($"m{i}", $"message {i}"))]);
        }

        var received = new List<Message>();
        while (received.Count < count)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = _queues.SourceUrl,
                MaxNumberOfMessages = SqsDeleteBatcher.MaxBatch,
                WaitTimeSeconds = 1,
                VisibilityTimeout = 60,
            });
            received.AddRange(response.Messages ?? []);
        }

        return received;
    }

    public async Task DisposeAsync()
    {
        await _queues.DisposeAsync();
        _sqs.Dispose();
    }
}
