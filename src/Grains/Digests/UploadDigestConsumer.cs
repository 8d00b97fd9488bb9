using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Abstractions.Digests;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Intake;
using BuildPeer.Grains.Uploads.Notifications;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Digests;

/// <summary>
/// Reads the digest's subscription to the upload-completed topic and hands each finished upload to the digest of
/// every recipient (<see cref="DigestRecipients"/>). A message is deleted only after every recipient's grain has
/// durably recorded it; a notification about a project or upload this service does not hold is dropped.
/// </summary>
public sealed partial class UploadDigestConsumer(
    IAmazonSQS sqs,
    IGrainFactory grains,
    IOptions<DigestOptions> digestOptions,
    IOptions<SqsOptions> sqsOptions,
    ILogger<UploadDigestConsumer> logger) : BackgroundService
{
    private readonly QueuePoller _poller = new(sqs, logger);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var digest = digestOptions.Value;
        if (!digest.Enabled)
        {
            LogDisabled(digest.QueueName);
            return Task.CompletedTask;
        }

        var settings = FinishedUploadSubscription.PollingSettings(digest.QueueName, digest.MaxInFlight, sqsOptions.Value);
        return _poller.RunAsync(settings, HandleAsync, beforeReceive: null, stoppingToken);
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
            LogMalformed(message.MessageId, QueuePoller.ReceiveCount(message), problem);
            return false;
        }

        if (!FinishedUploadSubscription.IsFinished(notification, out var status))
        {
            return true;
        }

        try
        {
            await DeliverAsync(notification, status);
            return true;
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(exception, notification.NotificationId, QueuePoller.ReceiveCount(message));
            return false;
        }
    }

    private async Task DeliverAsync(UploadNotification notification, UploadStatus status)
    {
        if (await FinishedUploadSubscription.FindAsync(grains, notification) is not var (project, upload))
        {
            // Another deployment's (or a deleted) project: the topic is shared, its members are not ours to mail.
            LogNotOurs(notification.NotificationId, notification.TenantId, notification.ProjectId);
            return;
        }

        // The error code is the upload's current one: it belongs to this notification unless the upload moved on since.
        var item = new DigestItem(notification.NotificationId, notification.UploadId, notification.ProjectId, project.Name,
            upload.FileName, status, upload.Status == status ? upload.ErrorCode : null, upload.UploadedBy, notification.OccurredAt);
        var recipients = DigestRecipients.For(project, upload.UploadedBy, digestOptions.Value.AddressTemplate);
        foreach (var unreachable in recipients.Where(recipient => recipient.Address is null))
        {
            LogNoAddress(unreachable.UserId, notification.TenantId, notification.ProjectId);
        }

        await Task.WhenAll(recipients.Where(recipient => recipient.Address is not null).Select(recipient =>
            grains.GetGrain<IDigestGrain>(DigestKey.Of(notification.TenantId, recipient.UserId)).RecordAsync(item, recipient.Address!)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest:Enabled is false: this silo neither reads {Queue} nor mails digests")]
    private partial void LogDisabled(string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} (receive {ReceiveCount}) is not an upload notification: {Problem}; leaving it for the dead-letter queue")]
    private partial void LogMalformed(string messageId, string receiveCount, string? problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} (receive {ReceiveCount}) could not be recorded for every recipient; it will be retried")]
    private partial void LogDeliveryFailed(Exception exception, string notificationId, string receiveCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notification {NotificationId}: no project {TenantId}/{ProjectId} or no such upload here; dropped")]
    private partial void LogNotOurs(string notificationId, string tenantId, string projectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {UserId} of {TenantId}/{ProjectId} has no email address (nor does Digest:AddressTemplate make one): no digest")]
    private partial void LogNoAddress(string userId, string tenantId, string projectId);
}
