using System.Collections.Concurrent;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads.Intake;

/// <summary>How a <see cref="QueuePoller"/> reads one queue.</summary>
/// <param name="MaxInFlight">Messages held at once; a poller asks only for as many as there are free places.</param>
/// <param name="VisibilityTimeout">Renewed every third of itself while a message is being handled.</param>
public sealed record QueuePollingSettings(
    string QueueName,
    int Pollers,
    int MaxInFlight,
    int MaxMessagesPerReceive,
    int WaitTimeSeconds,
    TimeSpan VisibilityTimeout,
    TimeSpan ErrorBackoff);

/// <summary>
/// The receive loop the silo's queue consumers share: long polls with at most
/// <see cref="QueuePollingSettings.MaxInFlight"/> messages held (backpressure), a visibility heartbeat while each is
/// handled, and a delete (batched with others, <see cref="SqsDeleteBatcher"/>) only when the handler says the message
/// was durably dealt with. Anything else is left for SQS to redeliver, and after the queue's maxReceiveCount SQS
/// moves it to the dead-letter queue. At shutdown <see cref="HandBackAsync"/> makes whatever is still held visible
/// again at once, for another silo.
/// </summary>
public sealed partial class QueuePoller(IAmazonSQS sqs, ILogger logger)
{
    private static readonly TimeSpan ShutdownPollPeriod = TimeSpan.FromMilliseconds(50);
    private const int MaxPerVisibilityBatch = 10;

    /// <summary>Received and not yet finished, by receipt handle: what a shutdown must hand back.</summary>
    private readonly ConcurrentDictionary<string, HeldMessage> _held = new();
    private string? _queueUrl;
    private SqsDeleteBatcher? _deletes;

    /// <summary>
    /// Polls until <paramref name="stoppingToken"/> fires. <paramref name="handle"/> returns true when the message may
    /// be deleted; <paramref name="beforeReceive"/> is awaited before each receive (a consumer's own backpressure).
    /// </summary>
    public async Task RunAsync(QueuePollingSettings settings, Func<Message, Task<bool>> handle,
        Func<CancellationToken, Task>? beforeReceive, CancellationToken stoppingToken)
    {
        var queueUrl = await ResolveQueueUrlAsync(settings, stoppingToken);
        if (queueUrl is null)
        {
            return;
        }

        _queueUrl = queueUrl;
        _deletes = new SqsDeleteBatcher(sqs, queueUrl, TimeProvider.System, logger);

        // Not disposed: handlers still running when the pollers end (see HandBackAsync) give their place back later.
        var places = new SemaphoreSlim(settings.MaxInFlight, settings.MaxInFlight);
        await Task.WhenAll(Enumerable.Range(0, settings.Pollers)
            .Select(_ => PollAsync(queueUrl, settings, places, handle, beforeReceive, stoppingToken)));
    }

    /// <summary>
    /// Once the pollers have stopped: messages in hand get <paramref name="grace"/> to finish, and those still held
    /// after it are made visible again at once, so SQS redelivers them to another silo now rather than after their
    /// visibility timeout. A handler that records one of them anyway turns the redelivery into a duplicate, which
    /// the consumers absorb. Returns how many were handed back.
    /// </summary>
    public async Task<int> HandBackAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var handedBack = await HandBackHeldAsync(grace, cancellationToken);

        // Messages finished by now may still wait for their batch's delete: sent now, before the silo goes.
        if (_deletes is { } deletes)
        {
            await deletes.StopAsync();
        }

        return handedBack;
    }

    private async Task<int> HandBackHeldAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + grace;
        while (!_held.IsEmpty && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(ShutdownPollPeriod, CancellationToken.None);
        }

        if (_queueUrl is null || _held.IsEmpty)
        {
            return 0;
        }

        var handedBack = new List<HeldMessage>();
        foreach (var held in _held.Values)
        {
            held.HandedBack = true;
            // Stopped first, or a late extension could hide the message again after it was released.
            if (held.Heartbeat is { } heartbeat)
            {
                await heartbeat.DisposeAsync();
            }

            handedBack.Add(held);
        }

        foreach (var chunk in handedBack.Chunk(MaxPerVisibilityBatch))
        {
            try
            {
                await sqs.ChangeMessageVisibilityBatchAsync(_queueUrl,
                    [.. chunk.Select((held, i) => new ChangeMessageVisibilityBatchRequestEntry(
                        i.ToString(CultureInfo.InvariantCulture), held.Message.ReceiptHandle) { VisibilityTimeout = 0 })],
                    CancellationToken.None);
            }
            catch (Exception exception) when (exception is AmazonSQSException or HttpRequestException or TimeoutException)
            {
                // They come back by themselves once their visibility timeout runs out.
                LogHandBackFailed(exception, chunk.Length);
            }
        }

        return handedBack.Count;
    }

    /// <summary>SQS's count of deliveries of <paramref name="message"/>, for logs.</summary>
    public static string ReceiveCount(Message message) =>
        message.Attributes?.GetValueOrDefault("ApproximateReceiveCount") ?? "?";

    private async Task<string?> ResolveQueueUrlAsync(QueuePollingSettings settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                return (await sqs.GetQueueUrlAsync(settings.QueueName, stoppingToken)).QueueUrl;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogReceiveFailed(exception, settings.QueueName);
                await Task.Delay(settings.ErrorBackoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        return null;
    }

    private async Task PollAsync(string queueUrl, QueuePollingSettings settings, SemaphoreSlim places,
        Func<Message, Task<bool>> handle, Func<CancellationToken, Task>? beforeReceive, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var taken = 0;
            try
            {
                if (beforeReceive is not null)
                {
                    await beforeReceive(stoppingToken);
                }

                // Wait for one free place, then take whatever else is free, up to one receive's worth.
                await places.WaitAsync(stoppingToken);
                taken = 1;
                while (taken < settings.MaxMessagesPerReceive && places.Wait(0, CancellationToken.None))
                {
                    taken++;
                }

                var messages = await ReceiveAsync(queueUrl, settings, taken, stoppingToken);
                var unused = taken - messages.Count;
                taken = 0; // from here on each message owns its place and gives it back when it is done
                if (unused > 0)
                {
                    places.Release(unused);
                }

                foreach (var message in messages)
                {
                    // Once received, a message is finished even if the silo is stopping: the grain calls are short.
                    _ = HandleAndReleaseAsync(queueUrl, settings, message, places, handle);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogReceiveFailed(exception, settings.QueueName);
                await Task.Delay(settings.ErrorBackoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            finally
            {
                if (taken > 0)
                {
                    places.Release(taken);
                }
            }
        }
    }

    private async Task<List<Message>> ReceiveAsync(string queueUrl, QueuePollingSettings settings, int count,
        CancellationToken stoppingToken)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = count,
            WaitTimeSeconds = settings.WaitTimeSeconds,
            VisibilityTimeout = (int)settings.VisibilityTimeout.TotalSeconds,
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        }, stoppingToken);
        return response.Messages ?? [];
    }

    private async Task HandleAndReleaseAsync(string queueUrl, QueuePollingSettings settings, Message message,
        SemaphoreSlim places, Func<Message, Task<bool>> handle)
    {
        var held = new HeldMessage(message);
        _held[message.ReceiptHandle] = held;
        try
        {
            bool done;
            await using (held.Heartbeat = VisibilityHeartbeat.Start(sqs, queueUrl, message.ReceiptHandle, settings.VisibilityTimeout, logger))
            {
                done = await handle(message);
            }

            // A message handed back at shutdown belongs to the queue again; deleting it now could race its redelivery.
            if (done && !held.HandedBack)
            {
                await _deletes!.DeleteAsync(message);
            }
        }
        catch (Exception exception)
        {
            LogHandlingFailed(exception, message.MessageId, ReceiveCount(message));
        }
        finally
        {
            _held.TryRemove(message.ReceiptHandle, out _);
            places.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue {Queue} failed; backing off")]
    private partial void LogReceiveFailed(Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} (receive {ReceiveCount}) could not be handled; it will be retried")]
    private partial void LogHandlingFailed(Exception exception, string messageId, string receiveCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: {Count} messages could not be made visible again; they return after their visibility timeout")]
    private partial void LogHandBackFailed(Exception exception, int count);

    /// <summary>A received message while it is being handled.</summary>
    private sealed class HeldMessage(Message message)
    {
        public Message Message { get; } = message;

        public VisibilityHeartbeat? Heartbeat { get; set; }

        public volatile bool HandedBack;
    }
}
