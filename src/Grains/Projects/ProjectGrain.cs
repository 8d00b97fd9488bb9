using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Hosting;
using BuildPeer.Grains.Reminders;
using BuildPeer.Grains.Uploads.Naming;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Projects;

/// <summary>
/// The single owner of one project: members, limits and quota. Its state is the truth; the project tables are a
/// projection it keeps converging to that truth, like the uploads table.
/// </summary>
public sealed partial class ProjectGrain(
    [PersistentState("project", StorageNames.Projects)] IPersistentState<ProjectState> state,
    IProjectRecordStore records,
    IOptions<ProjectOptions> options,
    TimeProvider time,
    ILogger<ProjectGrain> logger) : Grain, IProjectGrain, IRemindable
{
    private const string ReconcileReminder = "reconcile-reservations";
    private bool _reconcileScheduled;

    // Parse throws for a key that ProjectKey.Of did not build: no project answers under an alias of another's key.
    private string TenantId => ProjectKey.Parse(this.GetPrimaryKeyString()).TenantId;

    private string ProjectId => ProjectKey.Parse(this.GetPrimaryKeyString()).ProjectId;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
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
        if (!state.RecordExists)
        {
            return new ReservationResult(ErrorCodes.ProjectNotFound, "No such project.", EmptyUsage());
        }

        var current = state.State;
        var fresh = reservations.Where(reservation => !current.Reservations.ContainsKey(reservation.UploadId))
            .DistinctBy(reservation => reservation.UploadId)
            .ToList();
        if (QuotaRefusal(fresh) is { } refusal)
        {
            LogQuotaRefused(TenantId, ProjectId, refusal.Code);
            return new ReservationResult(refusal.Code, refusal.Detail, Usage());
        }

        if (fresh.Count > 0)
        {
            // The reminder first: no reservation may become durable without the reconciliation that settles it
            // when its upload is lost.
            await ScheduleReconciliationAsync();
            var now = time.GetUtcNow();
            foreach (var reservation in fresh)
            {
                current.Reservations[reservation.UploadId] = new ReservedUpload(reservation.Size, now);
            }

            try
            {
                await SaveAsync(projectRows: false);
            }
            catch
            {
                // Not durable, so not granted: the caller gets an error and no upload ids, so memory must not keep
                // the room either (nothing would ever settle it).
                foreach (var reservation in fresh)
                {
                    current.Reservations.Remove(reservation.UploadId);
                }

                throw;
            }
        }

        return new ReservationResult(null, null, Usage());
    }

    public async Task CommitAsync(Guid uploadId, long storedBytes)
    {
        if (!state.RecordExists || !state.State.Reservations.Remove(uploadId))
        {
            return;
        }

        state.State.UsedBytes += storedBytes;
        state.State.UsedFiles++;
        await SaveAsync(projectRows: false);
    }

    public async Task ReleaseAsync(Guid uploadId)
    {
        if (!state.RecordExists || !state.State.Reservations.Remove(uploadId))
        {
            return;
        }

        await SaveAsync(projectRows: false);
    }

    public async Task ReopenAsync(Guid uploadId, long storedBytes)
    {
        if (!state.RecordExists || state.State.Reservations.ContainsKey(uploadId))
        {
            return;
        }

        state.State.UsedBytes = Math.Max(0, state.State.UsedBytes - storedBytes);
        state.State.UsedFiles = Math.Max(0, state.State.UsedFiles - 1);
        state.State.Reservations[uploadId] = new ReservedUpload(storedBytes, time.GetUtcNow());
        await SaveAsync(projectRows: false);
        await ScheduleReconciliationAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReconcileReminder)
        {
            return;
        }

        if (!state.RecordExists || state.State.Reservations.Count == 0)
        {
            await this.UnregisterReminderIfAnyAsync(ReconcileReminder);
            _reconcileScheduled = false;
            return;
        }

        await ReconcileAsync();
    }

    /// <summary>
    /// The project's sweep over its uploads in flight: every one old enough to have a live upload behind it is told to
    /// expire if its URLs ran out (one-way: an upload may be calling this project at the same time), and asked how it
    /// is doing, so those whose upload ended (or never came to exist) are settled when the settling call was lost.
    /// </summary>
    private async Task ReconcileAsync()
    {
        var cutoff = time.GetUtcNow() - options.Value.ReservationGracePeriod;
        var candidates = state.State.Reservations.Where(pair => pair.Value.ReservedAt <= cutoff).Select(pair => pair.Key).ToList();
        var lifecycles = await Task.WhenAll(candidates.Select(async uploadId =>
        {
            var upload = GrainFactory.GetGrain<IUploadGrain>(uploadId);
            await upload.ExpireIfDueAsync();
            return (uploadId, lifecycle: await upload.GetQuotaViewAsync());
        }));

        var changed = false;
        foreach (var (uploadId, lifecycle) in lifecycles)
        {
            if (lifecycle is { Status: UploadStatus.Completed } && state.State.Reservations.Remove(uploadId))
            {
                state.State.UsedBytes += lifecycle.StoredSize ?? 0;
                state.State.UsedFiles++;
                changed = true;
            }
            else if ((lifecycle is null || lifecycle.Status.IsTerminal()) && state.State.Reservations.Remove(uploadId))
            {
                changed = true;
            }
        }

        if (changed)
        {
            LogReconciled(TenantId, ProjectId, state.State.Reservations.Count);
            await SaveAsync(projectRows: false);
        }
    }

    private async Task ScheduleReconciliationAsync()
    {
        if (_reconcileScheduled)
        {
            return;
        }

        var period = options.Value.ReconcilePeriod;
        await this.RegisterOrUpdateReminder(ReconcileReminder, period, period);
        _reconcileScheduled = true;
    }

    private (string Code, string Detail)? QuotaRefusal(List<Reservation> fresh)
    {
        var current = state.State;
        var limits = current.Limits;
        var inFlight = current.Reservations.Count + fresh.Count;
        if (inFlight > limits.MaxInFlight)
        {
            return (ErrorCodes.QuotaInFlightExceeded,
                $"At most {limits.MaxInFlight} uploads may be in flight in this project; {current.Reservations.Count} are.");
        }

        if (current.UsedFiles + inFlight > limits.MaxFiles)
        {
            return (ErrorCodes.QuotaFilesExceeded,
                $"This project may hold {limits.MaxFiles} files; {current.UsedFiles + current.Reservations.Count} are stored or on their way.");
        }

        var bytes = current.UsedBytes + ReservedBytes() + fresh.Sum(reservation => reservation.Size);
        if (bytes > limits.MaxTotalBytes)
        {
            return (ErrorCodes.QuotaBytesExceeded,
                $"This project may hold {limits.MaxTotalBytes} bytes; these files would bring it to {bytes}.");
        }

        return null;
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

    private long ReservedBytes() => state.State.Reservations.Values.Sum(reserved => reserved.Size);

    private QuotaUsage Usage() => new(state.State.Limits, state.State.UsedBytes, state.State.UsedFiles, ReservedBytes(),
        state.State.Reservations.Count);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {TenantId}/{ProjectId} could not update the project tables")]
    private partial void LogProjectionFailed(Exception exception, string tenantId, string projectId);
}
