using System.Globalization;
using System.Threading.Channels;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads.Intake;

/// <summary>
/// Deletes the handled messages of one queue in DeleteMessageBatch requests of up to ten. SQS bills and throttles by
/// request, and a delete per message was as many requests as everything else the consumers send. A message waits at
/// most <see cref="Linger"/> for others to join its batch. One that is not deleted (a failed request or entry) comes
/// back after its visibility timeout as a duplicate, which the consumers absorb.
/// </summary>
public sealed partial class SqsDeleteBatcher
{
    public const int MaxBatch = 10;

    /// <summary>How long the first message of a batch waits for more; short against any visibility timeout.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);

    // Not SingleReader: that channel cannot count what waits, which the linger needs.
    private readonly Channel<Message> _pending = Channel.CreateUnbounded<Message>();
    private readonly IAmazonSQS _sqs;
    private readonly string _queueUrl;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private volatile bool _stopping;

    public SqsDeleteBatcher(IAmazonSQS sqs, string queueUrl, TimeProvider time, ILogger logger)
    {
        (_sqs, _queueUrl, _time, _logger) = (sqs, queueUrl, time, logger);
        _loop = Task.Run(SendBatchesAsync);
    }

    /// <summary>Deletes <paramref name="message"/> with the next batch; alone and at once after <see cref="StopAsync"/>.</summary>
    public Task DeleteAsync(Message message) =>
        _pending.Writer.TryWrite(message) ? Task.CompletedTask : SendAsync([message]);

    /// <summary>Sends what is waiting without lingering, then stops taking messages into batches.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        _pending.Writer.TryComplete();
        await _loop;
    }

    private async Task SendBatchesAsync()
    {
        var batch = new List<Message>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            if (!_stopping && _pending.Reader.Count < MaxBatch)
            {
                await Task.Delay(Linger, _time);
            }

            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var message))
            {
                batch.Add(message);
            }

            await SendAsync(batch);
            batch.Clear();
        }
    }

    private async Task SendAsync(List<Message> messages)
    {
        try
        {
            var response = await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = _queueUrl,
                Entries = [.. messages.Select((message, i) =>
                    new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), message.ReceiptHandle))],
            }, CancellationToken.None);
            foreach (var failure in response.Failed ?? [])
            {
                var message = messages[int.Parse(failure.Id, CultureInfo.InvariantCulture)];
                LogEntryFailed(message.MessageId, failure.Code, failure.Message);
            }
        }
#pragma warning disable CA1031 // Nothing may stop the loop: an undeleted message is only a later duplicate.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogBatchFailed(exception, messages.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting a batch of {Count} messages failed; they will come back as harmless duplicates")]
    private partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting message {MessageId} failed ({Code}: {Reason}); it will come back as a harmless duplicate")]
    private partial void LogEntryFailed(string messageId, string code, string reason);
}
