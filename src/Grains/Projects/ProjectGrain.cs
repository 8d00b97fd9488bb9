using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Faults;
using BuildPeer.Grains.Hosting;
using BuildPeer.Grains.Projects.Quota;
using BuildPeer.Grains.Reminders;
using BuildPeer.Grains.Uploads.Naming;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Projects;

/// <summary>
/// The single owner of one project: members, limits and quota. Its state is the truth for members and limits; the
/// project tables are a projection it keeps converging to that truth, like the uploads table.
/// </summary>
/// <remarks>
/// The quota lives in its own ledger (<see cref="IQuotaLedger"/>: counters plus a row per upload in flight), so the
/// grain state keeps a constant size. The grain is the ledger's single writer and keeps it in memory
/// (<see cref="QuotaBook"/>), loaded on activation. <see cref="ReserveAsync"/> interleaves with every call: it
/// decides synchronously against that book, takes the room, and then awaits a <see cref="GroupCommit{T}"/>, so all
/// the reservations taken while one write is in flight go out together in the next single INSERT. Commit, release
/// and reopen stay non-reentrant among themselves and are one statement each; while any write is in flight memory
/// counts at least what is durable (room is taken before a write and given back after it), so an interleaved
/// reservation can only be refused too early, never granted too much.
/// </remarks>
public sealed partial class ProjectGrain(
    [PersistentState("project", StorageNames.Projects)] IPersistentState<ProjectState> state,
    IProjectRecordStore records,
    IQuotaLedger ledger,
    IOptions<ProjectOptions> options,
    TimeProvider time,
    ILogger<ProjectGrain> logger) : Grain, IProjectGrain, IRemindable
{
    private const string ReconcileReminder = "reconcile-reservations";

    // Registering and dropping the reminder never overlap (reservations interleave with the reminder's own turn):
    // each waits for the one before it. Chained tasks rather than a semaphore: nothing to dispose.
    private Task _reminderChange = Task.CompletedTask;

    // A settlement whose write failed is sent again this often until it lands, so a dependency's return frees the
    // room within seconds rather than at the next reconciliation.
    private static readonly TimeSpan SettleRetryPeriod = TimeSpan.FromSeconds(2);

    // Reservations taken in memory whose write has not ended yet, and that write.
    private readonly Dictionary<Guid, Task> _pending = [];

    // Settlements not yet known to be in the ledger, sent again by _settleRetry.
    private readonly Dictionary<Guid, LedgerSettlement> _unsettled = [];
    private IGrainTimer? _settleRetry;
    private QuotaBook _quota = new(LedgerSnapshot.Empty);
    private GroupCommit<LedgerReservation>? _writes;
    private bool _reconcileScheduled;
    private (string TenantId, string ProjectId)? _key;

    private string TenantId => Key.TenantId;

    private string ProjectId => Key.ProjectId;

    // Parse throws for a key that ProjectKey.Of did not build: no project answers under an alias of another's key.
    private (string TenantId, string ProjectId) Key => _key ??= ProjectKey.Parse(this.GetPrimaryKeyString());

    private GroupCommit<LedgerReservation> Writes => _writes ??= new GroupCommit<LedgerReservation>(WriteReservationsAsync);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            await LoadQuotaAsync(cancellationToken);
            await ProjectAsync();
        }
    }

    public Task<ProjectAccess> GetAccessAsync(string userId) => Task.FromResult(
        state.RecordExists
            ? new ProjectAccess(state.State.Members.TryGetValue(userId, out var role) ? role : null, state.State.Limits, Exists: true)
            : ProjectAccess.None);

    public async Task<ProjectCommandResult> CreateAsync(string name, ProjectLimits limits)
    {
        if (state.RecordExists)
        {
            return ProjectCommandResult.Refused(ErrorCodes.ProjectExists, $"Project '{ProjectId}' already exists.");
        }

        if (Refuse(name, limits) is { } refusal)
        {
            return refusal;
        }

        state.State = new ProjectState { Name = name.Trim(), Limits = limits, CreatedAt = time.GetUtcNow() };
        await SaveAsync();
        return ProjectCommandResult.Ok(View());
    }

    public Task<ProjectView?> GetAsync() => Task.FromResult(state.RecordExists ? View() : null);

    public async Task<ProjectCommandResult> SetMembershipAsync(string userId, ProjectRole role, string? email)
    {
        if (!state.RecordExists)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(userId) || userId.Length > 256)
        {
            return ProjectCommandResult.Refused(ErrorCodes.InvalidUserId, "A user id must be 1-256 characters.");
        }

        if (!MemberEmail.TryNormalize(email, out var address))
        {
            return ProjectCommandResult.Refused(ErrorCodes.InvalidEmail,
                "The email must be a plain address such as name@example.com (or empty to remove it).");
        }

        var members = state.State.Members;
        var emails = state.State.MemberEmails;
        var sameRole = members.TryGetValue(userId, out var current) && current == role;
        var sameEmail = email is null || emails.GetValueOrDefault(userId) == address;
        if (sameRole && sameEmail)
        {
            return ProjectCommandResult.Ok(View());
        }

        members[userId] = role;
        if (email is not null)
        {
            if (address is null)
            {
                emails.Remove(userId);
            }
            else
            {
                emails[userId] = address;
            }
        }

        await SaveAsync();
        return ProjectCommandResult.Ok(View());
    }

    public async Task<ProjectCommandResult> RemoveMemberAsync(string userId)
    {
        if (!state.RecordExists)
        {
            return NotFound();
        }

        if (!state.State.Members.Remove(userId))
        {
            return ProjectCommandResult.Refused(ErrorCodes.MemberNotFound, $"'{userId}' is not a member of this project.");
        }

        state.State.MemberEmails.Remove(userId);

        await SaveAsync();
        return ProjectCommandResult.Ok(View());
    }

    public async Task<ProjectCommandResult> SetLimitsAsync(ProjectLimits limits)
    {
        if (!state.RecordExists)
        {
            return NotFound();
        }

        if (Refuse(state.State.Name, limits) is { } refusal)
        {
            return refusal;
        }

        // Lower limits never cancel what is already reserved or stored; they only refuse what comes next.
        state.State.Limits = limits;
        await SaveAsync();
        return ProjectCommandResult.Ok(View());
    }

    public Task<QuotaUsage?> GetQuotaAsync() => Task.FromResult(state.RecordExists ? Usage() : null);

    public async Task<ReservationResult> ReserveAsync(IReadOnlyList<Reservation> reservations)
    {
        // Interleaves with every call ([AlwaysInterleave]): everything up to the first await decides and takes the
        // room in memory, in one turn, so no two calls can both take the last of it.
        if (!state.RecordExists)
        {
            return new ReservationResult(ErrorCodes.ProjectNotFound, "No such project.", EmptyUsage());
        }

        var fresh = _quota.Fresh(reservations);
        if (_quota.Refusal(state.State.Limits, fresh) is { } refusal)
        {
            LogQuotaRefused(TenantId, ProjectId, refusal.Code);
            return new ReservationResult(refusal.Code, refusal.Detail, Usage());
        }

        // The same upload asked for again while its first reservation is still being written: granted with it.
        var alreadyWriting = reservations.Select(reservation => reservation.UploadId)
            .Where(_pending.ContainsKey).Select(uploadId => _pending[uploadId]).Distinct().ToList();
        if (fresh.Count > 0)
        {
            await ReserveDurablyAsync(fresh);
        }

        await Task.WhenAll(alreadyWriting);
        return new ReservationResult(null, null, Usage());
    }

    public async Task CommitAsync(Guid uploadId, long storedBytes)
    {
        if (!state.RecordExists || !await HoldsDurablyAsync(uploadId))
        {
            return;
        }

        await SettleAsync([LedgerSettlement.Commit(uploadId, storedBytes)]);
    }

    public async Task ReleaseAsync(Guid uploadId)
    {
        if (!state.RecordExists || !await HoldsDurablyAsync(uploadId))
        {
            return;
        }

        await SettleAsync([LedgerSettlement.Release(uploadId)]);
    }

    public async Task ReopenAsync(Guid uploadId, long storedBytes)
    {
        if (!state.RecordExists || _quota.Holds(uploadId))
        {
            return;
        }

        // Held before the write, counters lowered after it: in between the file counts twice, never zero times.
        var now = time.GetUtcNow();
        _quota.Hold(uploadId, storedBytes, now);
        try
        {
            await ScheduleReconciliationAsync();
            await ledger.ReopenAsync(TenantId, ProjectId, new LedgerReservation(uploadId, storedBytes, now));
        }
        catch
        {
            _quota.Drop(uploadId);
            throw;
        }

        _quota.Count(-storedBytes, -1);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReconcileReminder)
        {
            return;
        }

        if (!state.RecordExists || _quota.InFlight == 0)
        {
            await UnscheduleReconciliationAsync();
            return;
        }

        await ReconcileAsync();
    }

    /// <summary>
    /// Takes the room in memory, then waits for the group commit that makes it durable. A reservation is granted
    /// only once its row is written; if that write fails, the room is given back and the caller gets the failure
    /// (every caller of the same write alike).
    /// </summary>
    private async Task ReserveDurablyAsync(List<Reservation> fresh)
    {
        var now = time.GetUtcNow();
        foreach (var reservation in fresh)
        {
            _quota.Hold(reservation.UploadId, reservation.Size, now);
        }

        var durable = Writes.Enlist(fresh.Select(reservation => new LedgerReservation(reservation.UploadId, reservation.Size, now)));
        foreach (var reservation in fresh)
        {
            _pending[reservation.UploadId] = durable;
        }

        try
        {
            await durable;
        }
        catch
        {
            // The write may have reached the ledger although its answer did not: the rows go again, as releases.
            foreach (var reservation in fresh)
            {
                _quota.Drop(reservation.UploadId);
                RetryLater(LedgerSettlement.Release(reservation.UploadId));
            }

            throw;
        }
        finally
        {
            foreach (var reservation in fresh)
            {
                _pending.Remove(reservation.UploadId);
            }
        }
    }

    /// <summary>One group commit's write: the reminder first, so no reservation is durable without the sweep that settles it.</summary>
    private async Task WriteReservationsAsync(IReadOnlyList<LedgerReservation> batch)
    {
        await ScheduleReconciliationAsync();
        await ledger.ReserveAsync(TenantId, ProjectId, batch);
    }

    /// <summary>Whether the upload holds a reservation once any write of it in flight has ended.</summary>
    private async Task<bool> HoldsDurablyAsync(Guid uploadId)
    {
        if (_pending.TryGetValue(uploadId, out var durable))
        {
            try
            {
                await durable;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return false;
            }
        }

        return _quota.Holds(uploadId);
    }

    /// <summary>
    /// Ends reservations in one ledger statement. Used room is counted before the write and reservations dropped
    /// after it, so memory never shows less than the ledger holds. A failed write still fails its caller, and is
    /// sent again by this grain until it lands (settling is idempotent), so no caller has to come back for it.
    /// </summary>
    private async Task SettleAsync(IReadOnlyList<LedgerSettlement> settlements)
    {
        var committed = settlements.Where(settlement => settlement.Committed && _quota.Holds(settlement.UploadId)).ToList();
        var bytes = committed.Sum(settlement => settlement.StoredBytes);
        _quota.Count(bytes, committed.Count);
        try
        {
            await ledger.SettleAsync(TenantId, ProjectId, settlements);
        }
        catch
        {
            _quota.Count(-bytes, -committed.Count);
            foreach (var settlement in settlements)
            {
                RetryLater(settlement);
            }

            throw;
        }

        foreach (var settlement in settlements)
        {
            _quota.Drop(settlement.UploadId);
            _unsettled.Remove(settlement.UploadId);
        }
    }

    private void RetryLater(LedgerSettlement settlement)
    {
        _unsettled[settlement.UploadId] = settlement;
        _settleRetry ??= this.RegisterGrainTimer(RetryUnsettledAsync,
            new GrainTimerCreationOptions(SettleRetryPeriod, SettleRetryPeriod) { KeepAlive = true });
    }

    private async Task RetryUnsettledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SettleAsync([.. _unsettled.Values]);
            LogSettledLate(TenantId, ProjectId, _quota.InFlight);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Still away; the next tick tries again.
            return;
        }

        if (_unsettled.Count == 0 && _settleRetry is not null)
        {
            _settleRetry.Dispose();
            _settleRetry = null;
        }
    }

    /// <summary>
    /// The project's sweep over its uploads in flight: every one old enough to have a live upload behind it is told to
    /// expire if its URLs ran out (one-way: an upload may be calling this project at the same time), and asked how it
    /// is doing, so those whose upload ended (or never came to exist) are settled when the settling call was lost.
    /// </summary>
    private async Task ReconcileAsync()
    {
        var cutoff = time.GetUtcNow() - options.Value.ReservationGracePeriod;
        var candidates = _quota.ReservedBefore(cutoff).Where(uploadId => !_pending.ContainsKey(uploadId)).ToList();
        var lifecycles = await Task.WhenAll(candidates.Select(async uploadId =>
        {
            var upload = GrainFactory.GetGrain<IUploadGrain>(uploadId);
            await upload.ExpireIfDueAsync();
            return (uploadId, lifecycle: await upload.GetQuotaViewAsync());
        }));

        // Only reservations interleave with this turn, and they add none of these: every candidate is still held.
        var settlements = new List<LedgerSettlement>();
        foreach (var (uploadId, lifecycle) in lifecycles)
        {
            if (lifecycle is { Status: UploadStatus.Completed })
            {
                settlements.Add(LedgerSettlement.Commit(uploadId, lifecycle.StoredSize ?? 0));
            }
            else if (lifecycle is null || lifecycle.Status.IsTerminal())
            {
                settlements.Add(LedgerSettlement.Release(uploadId));
            }
        }

        if (settlements.Count > 0)
        {
            await SettleAsync(settlements);
            LogReconciled(TenantId, ProjectId, _quota.InFlight);
        }
    }

    private async Task ScheduleReconciliationAsync()
    {
        if (_reconcileScheduled)
        {
            return;
        }

        await ChangeReminderAsync(async () =>
        {
            if (!_reconcileScheduled)
            {
                var period = options.Value.ReconcilePeriod;
                await this.RegisterOrUpdateReminder(ReconcileReminder, period, period);
                _reconcileScheduled = true;
            }
        });
    }

    /// <summary>
    /// Drops the reminder of a project with nothing in flight. Reservations interleave with this, so the flag is
    /// cleared before the reminder goes: a reservation arriving meanwhile registers it again, after this, through
    /// the same chain.
    /// </summary>
    private async Task UnscheduleReconciliationAsync()
    {
        await ChangeReminderAsync(async () =>
        {
            if (_quota.InFlight == 0)
            {
                _reconcileScheduled = false;
                await this.UnregisterReminderIfAnyAsync(ReconcileReminder);
            }
        });
    }

    /// <summary>Runs <paramref name="change"/> once every reminder change begun before it has ended.</summary>
    private async Task ChangeReminderAsync(Func<Task> change)
    {
        var previous = _reminderChange;
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _reminderChange = mine.Task;
        try
        {
            await previous;
            await change();
        }
        finally
        {
            mine.SetResult();
        }
    }

    /// <summary>
    /// Reads the ledger into memory, first moving into it a quota that an older version kept in the grain state.
    /// A failure leaves translated: a grain that cannot activate is answered by the runtime, past the call filter.
    /// </summary>
    private async Task LoadQuotaAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stored = state.State;
            if (stored.Reservations.Count > 0 || stored.UsedBytes > 0 || stored.UsedFiles > 0)
            {
                await ledger.ImportAsync(TenantId, ProjectId,
                    new LedgerSnapshot(stored.UsedBytes, stored.UsedFiles, stored.Reservations), cancellationToken);
                stored.Reservations.Clear();
                stored.UsedBytes = 0;
                stored.UsedFiles = 0;
                await SaveAsync(projectRows: false);
            }

            _quota = new QuotaBook(await ledger.LoadAsync(TenantId, ProjectId, cancellationToken));
        }
        catch (Exception exception) when (DependencyFaults.Translate(exception) is { } unavailable && unavailable != exception)
        {
            throw unavailable;
        }
    }

    private static ProjectCommandResult? Refuse(string name, ProjectLimits limits)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            return ProjectCommandResult.Refused(ErrorCodes.InvalidProjectName, "A project name must be 1-200 characters.");
        }

        return limits.FirstInvalid() is { } invalid
            ? ProjectCommandResult.Refused(ErrorCodes.InvalidLimits, $"The limit {invalid} must be greater than zero.")
            : null;
    }

    private static ProjectCommandResult NotFound() => ProjectCommandResult.Refused(ErrorCodes.ProjectNotFound, "No such project.");

    private QuotaUsage Usage() => _quota.Usage(state.State.Limits);

    private static QuotaUsage EmptyUsage() => new(ProjectLimits.Default, 0, 0, 0, 0);

    private ProjectView View() => new(TenantId, ProjectId, state.State.Name, state.State.Limits,
        new Dictionary<string, ProjectRole>(state.State.Members), state.State.CreatedAt,
        new Dictionary<string, string>(state.State.MemberEmails));

    /// <summary>Makes the new state durable first; then, when members or limits changed, brings the tables up to it.</summary>
    private async Task SaveAsync(bool projectRows = true)
    {
        state.State.Version++;
        await state.WriteStateAsync();
        if (projectRows)
        {
            await ProjectAsync();
        }
    }

    private async Task ProjectAsync()
    {
        try
        {
            await records.UpsertAsync(new ProjectRecord(TenantId, ProjectId, state.State.Name, state.State.Limits,
                state.State.Members, state.State.CreatedAt, state.State.Version, state.State.MemberEmails));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The grain state is durable and serves every check; the tables catch up on the next change or activation.
            LogProjectionFailed(exception, TenantId, ProjectId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {TenantId}/{ProjectId} refused a reservation: {Code}")]
    private partial void LogQuotaRefused(string tenantId, string projectId, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {TenantId}/{ProjectId} settled lost reservations; {InFlight} remain in flight")]
    private partial void LogReconciled(string tenantId, string projectId, int inFlight);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {TenantId}/{ProjectId} wrote settlements that had failed; {InFlight} remain in flight")]
    private partial void LogSettledLate(string tenantId, string projectId, int inFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {TenantId}/{ProjectId} could not update the project tables")]
    private partial void LogProjectionFailed(Exception exception, string tenantId, string projectId);
}
