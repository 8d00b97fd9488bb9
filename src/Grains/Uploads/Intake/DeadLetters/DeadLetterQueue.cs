using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Abstractions.Operations;

namespace BuildPeer.Grains.Uploads.Intake.DeadLetters;

/// <summary>
/// Operator actions on a dead-letter queue: look at what is in it without consuming it, and move messages back to
/// the queue they came from. Works on standard (not FIFO) queues.
/// </summary>
/// <param name="sourceQueueName">The queue whose RedrivePolicy dead-letters into <paramref name="deadLetterQueueName"/>.</param>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "It stands for an SQS dead-letter queue; operators know it by that name.")]
public sealed class DeadLetterQueue(IAmazonSQS sqs, string sourceQueueName, string deadLetterQueueName)
{
    /// <summary>Most messages one call handles, so that it stays well within a grain call's timeout.</summary>
    public const int MaxPerCall = 100;

    private const int MaxPerReceive = 10;

    // A short long-poll: real SQS may answer an immediate (0 s) receive with nothing although messages exist.
    private const int ReceiveWaitSeconds = 1;

    // Messages stay hidden while one call works through the queue, so it does not see the same one twice; should the
    // process die, they reappear by themselves after this long.
    private const int HoldSeconds = 30;

    private const string ReceiveCountAttribute = "ApproximateReceiveCount";
    private const string SentTimestampAttribute = "SentTimestamp";

    public string SourceQueueName { get; } = sourceQueueName;

    public string DeadLetterQueueName { get; } = deadLetterQueueName;

    /// <summary>
    /// Up to <paramref name="max"/> messages, left in the queue: each is received (which hides it) and then made
    /// visible again at once. Each peek adds one to the messages' receive counts.
    /// </summary>
    public async Task<IReadOnlyList<DeadLetter>> PeekAsync(int max, CancellationToken ct)
    {
        CheckMax(max);
        var queueUrl = await QueueUrlAsync(DeadLetterQueueName, ct);
        var held = new List<Message>();
        var letters = new Dictionary<string, DeadLetter>();
        try
        {
            while (letters.Count < max)
            {
                var batch = await ReceiveAsync(queueUrl, Math.Min(MaxPerReceive, max - letters.Count), ct);
                if (batch.Count == 0)
                {
                    break;
                }

                held.AddRange(batch);
                foreach (var message in batch)
                {
                    letters.TryAdd(message.MessageId, ToDeadLetter(message));
                }
            }
        }
        finally
        {
            await ReleaseAsync(queueUrl, held);
        }

        return [.. letters.Values];
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> messages to the source queue, one at a time: the copy is sent first and the
    /// original deleted only after the send succeeded, so a failure in between leaves a duplicate, never a loss.
    /// Messages that could not be sent stay in the dead-letter queue and are made visible again.
    /// </summary>
    public async Task<RedriveResult> RedriveAsync(int max, CancellationToken ct)
    {
        CheckMax(max);
        var deadLetterUrl = await QueueUrlAsync(DeadLetterQueueName, ct);
        var sourceUrl = await QueueUrlAsync(SourceQueueName, ct);
        var moved = 0;
        var unsent = new List<Message>();
        try
        {
            while (moved + unsent.Count < max)
            {
                var batch = await ReceiveAsync(deadLetterUrl, Math.Min(MaxPerReceive, max - moved - unsent.Count), ct);
                if (batch.Count == 0)
                {
                    break;
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    if (ct.IsCancellationRequested)
                    {
                        // Not yet sent: give the rest of the batch back rather than keep it hidden.
                        unsent.AddRange(batch.Skip(i));
                        break;
                    }

                    if (await TrySendAsync(sourceUrl, batch[i], ct))
                    {
                        // Sent: the original must go even if the caller gave up meanwhile, or it is redriven twice.
                        await DeleteAsync(deadLetterUrl, batch[i]);
                        moved++;
                    }
                    else
                    {
                        unsent.Add(batch[i]);
                    }
                }

                ct.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            await ReleaseAsync(deadLetterUrl, unsent);
        }

        return new RedriveResult(moved, unsent.Count);
    }

    private async Task<bool> TrySendAsync(string queueUrl, Message message, CancellationToken ct)
    {
        var request = new SendMessageRequest(queueUrl, message.Body);
        if (message.MessageAttributes is { Count: > 0 } attributes)
        {
            request.MessageAttributes = attributes;
        }

        try
        {
            await sqs.SendMessageAsync(request, ct);
            return true;
        }
        catch (AmazonSQSException)
        {
            return false;
        }
    }

    private async Task DeleteAsync(string queueUrl, Message message)
    {
        try
        {
            await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, CancellationToken.None);
        }
        catch (AmazonSQSException)
        {
            // The copy is in the source queue already; the original reappears and is redriven again later, as a
            // duplicate the consumer tolerates. Counting it as moved is what the source queue now holds.
        }
    }

    private async Task<List<Message>> ReceiveAsync(string queueUrl, int count, CancellationToken ct)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = count,
            WaitTimeSeconds = ReceiveWaitSeconds,
            VisibilityTimeout = HoldSeconds,
            MessageSystemAttributeNames = [ReceiveCountAttribute, SentTimestampAttribute],
            MessageAttributeNames = ["All"],
        }, ct);
        return response.Messages ?? [];
    }

    /// <summary>Makes held messages visible again. Not cancellable: hidden messages would look lost to an operator.</summary>
    private async Task ReleaseAsync(string queueUrl, List<Message> messages)
    {
        foreach (var chunk in messages.Chunk(MaxPerReceive))
        {
            try
            {
                await sqs.ChangeMessageVisibilityBatchAsync(queueUrl,
                    [.. chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry(
                        i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle) { VisibilityTimeout = 0 })],
                    CancellationToken.None);
            }
            catch (AmazonSQSException)
            {
                // They become visible anyway once the hold expires.
            }
        }
    }

    private async Task<string> QueueUrlAsync(string name, CancellationToken ct) =>
        (await sqs.GetQueueUrlAsync(name, ct)).QueueUrl;

    private static DeadLetter ToDeadLetter(Message message)
    {
        var attributes = message.Attributes ?? [];
        var receiveCount = attributes.TryGetValue(ReceiveCountAttribute, out var count)
            && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedCount) ? parsedCount : 0;
        DateTimeOffset? sent = attributes.TryGetValue(SentTimestampAttribute, out var timestamp)
            && long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
        return DeadLetter.From(message.MessageId, message.Body ?? string.Empty, receiveCount, sent);
    }

    private static void CheckMax(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(max, MaxPerCall);
    }
}
