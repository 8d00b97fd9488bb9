using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Abstractions.Devices;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Intake;
using BuildPeer.Grains.Uploads.Notifications;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.MobilePush;

/// <summary>
/// Reads the push subscription of the upload-completed topic and pushes each finished upload to the uploader's
/// devices in the upload's tenant. Sends happen here, never on a grain turn; the devices grain only records which
/// device got which push and which sender holds which device now, so a redelivered notification reaches only the
/// devices that have not had it, even while the first delivery is still sending. A message is
/// deleted once every device is settled (sent, dead and removed, or refused for good); anything FCM asked to retry
/// later leaves it for SQS to redeliver.
/// </summary>
public sealed partial class UploadPushConsumer(
    IAmazonSQS sqs,
    IGrainFactory grains,
    FcmSender sender,
    IOptions<MobilePushOptions> pushOptions,
    IOptions<SqsOptions> sqsOptions,
    ILogger<UploadPushConsumer> logger) : BackgroundService
{
    private readonly QueuePoller _poller = new(sqs, logger);
    private CancellationToken _stopping;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var push = pushOptions.Value;
        if (!push.Enabled)
        {
            LogDisabled(push.QueueName);
            return Task.CompletedTask;
        }

        _stopping = stoppingToken;
        return _poller.RunAsync(FinishedUploadSubscription.PollingSettings(push.QueueName, push.MaxInFlight, sqsOptions.Value),
            HandleAsync, beforeReceive: null, stoppingToken);
    }

    /// <summary>Like the upload events: what is still held after the grace goes back to the queue at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _poller.HandBackAsync(sqsOptions.Value.ShutdownGrace, cancellationToken);
    }

    /// <summary>True when the message may be deleted.</summary>
    private async Task<bool> HandleAsync(Message message)
    {
        if (UploadNotificationParser.Parse(message.Body, out var problem) is not { } notification)
        {
            PushMetrics.CountMessage("malformed");
            LogMalformed(message.MessageId, QueuePoller.ReceiveCount(message), problem);
            return false;
        }

        if (!FinishedUploadSubscription.IsFinished(notification, out var status))
        {
            PushMetrics.CountMessage("ignored");
            return true;
        }

        try
        {
            var settled = await PushAsync(notification, status);
            PushMetrics.CountMessage(settled ? "pushed" : "failed");
            return settled;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            PushMetrics.CountMessage("failed");
            LogPushFailed(exception, notification.NotificationId, QueuePoller.ReceiveCount(message));
            return false;
        }
    }

    /// <summary>True when every device of the uploader is settled for this push.</summary>
    private async Task<bool> PushAsync(UploadNotification notification, UploadStatus status)
    {
        if (await FinishedUploadSubscription.FindAsync(grains, notification) is not var (project, upload))
        {
            // Another deployment's (or a deleted) project: its users are not ours to push to.
            PushMetrics.CountMessage("not_ours");
            LogNotOurs(notification.NotificationId, notification.TenantId, notification.ProjectId);
            return true;
        }

        var content = new PushContent(notification.UploadId, notification.ProjectId, project.Name, upload.FileName, status,
            notification.ThumbnailUrl);
        var devices = grains.GetGrain<IMobileDevicesGrain>(DevicesKey.Of(notification.TenantId, upload.UploadedBy));
        var claim = await devices.ClaimUnsentAsync(content.PushId);
        var unsettled = claim.Devices.Select(device => device.Token).ToList();
        try
        {
            foreach (var device in claim.Devices)
            {
                var answer = await sender.SendAsync(PushComposer.Compose(device, content), _stopping);
                switch (answer.Outcome)
                {
                    case FcmOutcome.Sent:
                        await devices.MarkSentAsync(content.PushId, device.Token);
                        unsettled.Remove(device.Token);
                        PushMetrics.CountSend("sent");
                        break;
                    case FcmOutcome.DeadToken:
                        await devices.RemoveAsync(device.Token);
                        unsettled.Remove(device.Token);
                        PushMetrics.CountSend("dead_token");
                        LogDeadToken(notification.TenantId, upload.UploadedBy, device.Platform, answer.ErrorCode);
                        break;
                    case FcmOutcome.Rejected:
                        // Sending it again would be refused again: counted as done, so it does not hold the message.
                        await devices.MarkSentAsync(content.PushId, device.Token);
                        unsettled.Remove(device.Token);
                        PushMetrics.CountSend("rejected");
                        LogRejected(notification.NotificationId, (int)answer.Status, answer.ErrorCode);
                        break;
                    default:
                        PushMetrics.CountSend("retry_later");
                        LogRetryLater(notification.NotificationId, (int)answer.Status, answer.ErrorCode);
                        break;
                }
            }
        }
        finally
        {
            await ReleaseAsync(devices, content.PushId, unsettled);
        }

        // Devices another sender holds (the same notification delivered twice at once) are its to send: this copy
        // stays in the queue and finds them settled when SQS brings it back.
        return unsettled.Count == 0 && claim.HeldElsewhere == 0;
    }

    /// <summary>Hands back what this sender did not settle, so the message's next delivery can send it at once.</summary>
    private async Task ReleaseAsync(IMobileDevicesGrain devices, string pushId, List<string> tokens)
    {
        if (tokens.Count == 0)
        {
            return;
        }

        try
        {
            await devices.ReleaseAsync(pushId, tokens);
        }
        catch (Exception exception)
        {
            // The claims lapse by themselves (MobilePushOptions.ClaimLease); a retry only waits for that.
            LogReleaseFailed(exception, pushId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MobilePush:Enabled is false: this silo neither reads {Queue} nor sends pushes")]
    private partial void LogDisabled(string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} (receive {ReceiveCount}) is not an upload notification: {Problem}; leaving it for the dead-letter queue")]
    private partial void LogMalformed(string messageId, string receiveCount, string? problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} (receive {ReceiveCount}) could not be pushed; it will be retried")]
    private partial void LogPushFailed(Exception exception, string notificationId, string receiveCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notification {NotificationId}: no project {TenantId}/{ProjectId} or no such upload here; dropped")]
    private partial void LogNotOurs(string notificationId, string tenantId, string projectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Platform} device of {UserId} in {TenantId} is no longer registered with FCM ({ErrorCode}); removed")]
    private partial void LogDeadToken(string tenantId, string userId, DevicePlatform platform, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the devices held for push {PushId}; they are free again when the claim lapses")]
    private partial void LogReleaseFailed(Exception exception, string pushId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FCM refused the push of notification {NotificationId} for good ({Status} {ErrorCode})")]
    private partial void LogRejected(string notificationId, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FCM could not take the push of notification {NotificationId} now ({Status} {ErrorCode}); left for redelivery")]
    private partial void LogRetryLater(string notificationId, int status, string? errorCode);
}
