using Orleans.Concurrency;

namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>
/// One project of one tenant (key: <see cref="ProjectKey.Of"/>): its members, its limits, and the quota every
/// upload reserves from. A single activation decides every reservation synchronously against its counters in memory,
/// so limits hold under any concurrency.
/// </summary>
[Alias("projects.IProjectGrain")]
public interface IProjectGrain : IGrainWithStringKey
{
    /// <summary>
    /// <paramref name="userId"/>'s standing here (for <see cref="Access.AccessPolicy"/>); <see cref="ProjectAccess.None"/>
    /// if the project does not exist. Interleaves: every initiate asks it first, and a read of members and limits need
    /// not queue behind the reservations being written.
    /// </summary>
    [Alias("GetAccess"), AlwaysInterleave]
    Task<ProjectAccess> GetAccessAsync(string userId);

    [Alias("Create")]
    Task<ProjectCommandResult> CreateAsync(string name, ProjectLimits limits);

    [Alias("Get")]
    Task<ProjectView?> GetAsync();

    /// <summary>
    /// Adds a member or changes their role and email address: a null <paramref name="email"/> keeps the current
    /// one, an empty one removes it.
    /// </summary>
    [Alias("SetMembership")]
    Task<ProjectCommandResult> SetMembershipAsync(string userId, ProjectRole role, string? email);

    [Alias("RemoveMember")]
    Task<ProjectCommandResult> RemoveMemberAsync(string userId);

    [Alias("SetLimits")]
    Task<ProjectCommandResult> SetLimitsAsync(ProjectLimits limits);

    /// <summary>Null when the project does not exist.</summary>
    [Alias("GetQuota")]
    Task<QuotaUsage?> GetQuotaAsync();

    /// <summary>
    /// Reserves room for all of <paramref name="reservations"/> or for none. Reserving an upload twice is a no-op.
    /// Interleaves with every other call, so concurrent reservations share one database write (group commit);
    /// the decision itself takes no await.
    /// </summary>
    [Alias("Reserve"), AlwaysInterleave]
    Task<ReservationResult> ReserveAsync(IReadOnlyList<Reservation> reservations);

    /// <summary>The upload finished: its reservation becomes usage. Idempotent.</summary>
    [Alias("Commit")]
    Task CommitAsync(Guid uploadId, long storedBytes);

    /// <summary>The upload ended without a file: its reservation is returned. Idempotent.</summary>
    [Alias("Release")]
    Task ReleaseAsync(Guid uploadId);

    /// <summary>
    /// A committed upload is being processed again (other bytes at its key): its usage becomes a reservation again,
    /// which it commits or releases when it ends. A no-op while the upload holds a reservation.
    /// </summary>
    [Alias("Reopen")]
    Task ReopenAsync(Guid uploadId, long storedBytes);
}
