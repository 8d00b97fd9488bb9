using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using BuildPeer.Grains.Hosting;
using BuildPeer.Grains.Reminders;
using BuildPeer.Grains.Telemetry;
using BuildPeer.Grains.Uploads.Changes;
using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.Grains.Uploads.Notifications;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Grains.Uploads.Quota;
using Orleans.Placement;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// The single owner of one upload. Every command is: load the durable state, let <see cref="UploadLifecycle"/>
/// decide, write what it decided, run its effects. The state is the truth, stored with its <c>uploads</c> row in one
/// statement (UploadStateStorage); the status cache and the push feed follow it through <see cref="UploadChangePublisher"/>.
/// </summary>
/// <remarks>
/// A new upload's activation ends once its URLs are out (the client's bytes may take hours; its event reads the
/// state back). Otherwise collected after two idle minutes rather than Orleans' fifteen: an upload is busy for
/// seconds, then rarely asked again, and a spike leaves tens of thousands of them behind in memory. Its timers keep
/// it alive while it processes.
/// Placed on the caller's silo: an initiate then creates its uploads without a network hop and without a state
/// read (see UploadInitiatorGrain); events and sweeps spread the rest over the silos they arrive at.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
[PreferLocalPlacement]
public sealed partial class UploadGrain(
    [PersistentState("upload", StorageNames.Uploads)] IPersistentState<UploadState> state,
    UploadLifecycle lifecycle,
    UploadLinks links,
    UploadChangePublisher changes,
    IMultipartStorage storage,
    UploadQuota quota,
    AttemptRunner runner,
    UploadAnnouncer announcer,
    UploadLog log) : Grain, IUploadGrain, IRemindable, IIncomingGrainCallFilter
{
    private Guid UploadId => this.GetPrimaryKey();

    /// <summary>The durable state; null until the upload is initiated.</summary>
    private UploadState? Current => state.RecordExists ? state.State : null;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        using var scope = log.BeginScope(UploadId, Current?.Registration);
        await context.Invoke();
    }

    public async Task<UploadTicket> InitiateAsync(UploadRegistration registration)
    {
        var decision = lifecycle.Initiate(Current, UploadId, registration, TraceContexts.CurrentTraceParent());
        return (await RunAsync(decision)).Ticket!;
    }

    public async Task<ObjectCreatedOutcome> RecordObjectCreatedAsync(ObjectCreated objectCreated)
    {
        using var span = Current is { } upload ? UploadLog.StartObjectCreatedSpan(UploadId, upload.TraceParent, objectCreated) : null;
        var decision = lifecycle.ObjectCreated(Current, objectCreated);
        await RunAsync(decision);
        return decision.Result;
    }

    public async Task<UploadCommandResult> CompleteMultipartAsync(IReadOnlyList<CompletedPart> parts)
    {
        var decision = lifecycle.Complete(Current, parts);
        if (decision.Effects is [CompleteMultipart completion])
        {
            var upload = Current!;
            var completed = await storage.CompleteAsync(upload.S3Key, upload.S3UploadId!, completion.Parts);
            decision = lifecycle.StorageCompleted(upload, completed);
        }

        return (await RunAsync(decision)).Refusal ?? decision.Result;
    }

    public async Task<PartUrlsResult> RefreshPartUrlsAsync(IReadOnlyList<int> partNumbers)
    {
        var decision = lifecycle.SignParts(Current, partNumbers);
        if (!decision.Result.Succeeded)
        {
            return PartUrlsResult.Refused(decision.Result.RefusalCode!, decision.Result.Detail!);
        }

        var output = await RunAsync(decision);
        return new PartUrlsResult(output.Parts!, Current!.UrlExpiresAt, null, null);
    }

    public async Task<PutUrlResult> RefreshPutUrlAsync()
    {
        var decision = lifecycle.SignPut(Current);
        if (!decision.Result.Succeeded)
        {
            return PutUrlResult.Refused(decision.Result.RefusalCode!, decision.Result.Detail!);
        }

        var ticket = (await RunAsync(decision)).Ticket!;
        return new PutUrlResult(ticket.Url, ticket.Headers ?? new Dictionary<string, string>(), ticket.ExpiresAt, null, null);
    }

    public async Task<UploadCommandResult> AbortAsync() => await RunCommandAsync(lifecycle.Abort(Current));

    public async Task ExpireIfDueAsync() => await RunAsync(lifecycle.Expire(Current));

    public async Task<UploadCommandResult> ReprocessAsync() => await RunCommandAsync(lifecycle.Reprocess(Current));

    public async Task<UploadStatusView?> GetStatusAsync(string tenantId) =>
        VisibleTo(tenantId) is { } upload ? UploadViews.ToStatusView(UploadId, upload, await links.ReadLinksAsync(upload)) : null;

    public async Task<UploadChanged?> GetChangeAsync(string tenantId) =>
        VisibleTo(tenantId) is { } upload ? await changes.ToChangeAsync(UploadId, upload) : null;

    public Task<UploadQuotaView?> GetQuotaViewAsync() =>
        Task.FromResult(Current is { } upload ? new UploadQuotaView(upload.Status, upload.StoredSize) : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (reminderName)
        {
            case LegacyExpiryReminder:
                // Uploads created before the project's sweep took expiry over still carry a reminder of their own.
                await RunAsync(lifecycle.Expire(Current));
                await this.UnregisterReminderIfAnyAsync(LegacyExpiryReminder);
                break;
            case ProcessingReminder:
                await RunEffectsAsync(null, lifecycle.ProcessingReminder(Current));
                break;
        }
    }

    /// <summary>Unknown, or another tenant's: the caller learns nothing, and no activation lingers for it.</summary>
    private UploadState? VisibleTo(string tenantId)
    {
        if (Current is { } upload && upload.Registration!.TenantId == tenantId)
        {
            return upload;
        }

        DeactivateOnIdle();
        return null;
    }

    private async Task<UploadCommandResult> RunCommandAsync(UploadDecision<UploadCommandResult> decision) =>
        (await RunAsync(decision)).Refusal ?? decision.Result;

    private Task<EffectOutput> RunAsync<T>(UploadDecision<T> decision) => RunEffectsAsync(decision.State, decision.Effects);

    /// <summary>
    /// Runs the effects in order. <paramref name="next"/> is only a draft until <see cref="WriteState"/>: an effect
    /// before it that fails or refuses leaves the durable state as it was, for the caller's retry to start from.
    /// </summary>
    private async Task<EffectOutput> RunEffectsAsync(UploadState? next, IReadOnlyList<UploadEffect> effects)
    {
        var output = new EffectOutput();
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case StartMultipart start:
                    next!.S3UploadId = await storage.StartAsync(start.Key, start.ContentType);
                    break;
                case RemoveFromStorage:
                    await storage.RemoveUploadAsync(Current!.S3Key, Current.S3UploadId);
                    break;
                case DeleteLateObject:
                    await storage.DeleteObjectAsync(Current!.S3Key);
                    break;
                case ReserveQuota reserve:
                    if (await quota.ReserveAsync(UploadId, Current!, reserve.Bytes) is { } refused)
                    {
                        output.Refusal = new UploadCommandResult(Current!.Status, refused.RefusalCode, refused.Detail);
                        return output;
                    }

                    break;
                case WriteState:
                    await WriteAsync(next!);
                    break;
                case IssueTicket:
                    output.Ticket = await links.IssueTicketAsync(UploadId, Current!);
                    break;
                case SignParts sign:
                    output.Parts = await links.SignPartsAsync(Current!, sign.PartNumbers);
                    break;
                case SettleQuota settle:
                    await quota.SettleAsync(UploadId, Current!, settle);
                    break;
                case Report report:
                    log.Record(UploadId, report.Fact);
                    break;
                case Deactivate:
                    DeactivateOnIdle();
                    break;
                default:
                    await RunProcessingEffectAsync(effect);
                    break;
            }
        }

        return output;
    }

    /// <summary>The state with its <c>uploads</c> row (one statement); then the status cache and the push feed.</summary>
    private async Task WriteAsync(UploadState next)
    {
        var previous = state.State;
        // No ETag: never stored, so nobody can have read it, and no status cache entry can exist to drop.
        var everStored = state.Etag is not null;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Storage refused (the database is away): start again from what is durable. Whoever called retries (the
            // worker's report, the queue, the client), and the new activation finds the same step to take.
            state.State = previous;
            DeactivateOnIdle();
            throw;
        }

        await changes.PublishAsync(UploadId, next, everStored);
    }

    /// <summary>What effects hand back to the command: its reply, or a refusal that stopped the decision.</summary>
    private sealed class EffectOutput
    {
        public UploadTicket? Ticket { get; set; }

        public IReadOnlyList<PartUrl>? Parts { get; set; }

        public UploadCommandResult? Refusal { get; set; }
    }
}
