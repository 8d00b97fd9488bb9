namespace BuildPeer.Grains.Projects.Quota;

/// <summary>
/// The durable side of one project's quota: its used counters and a row per upload in flight. Only the project's
/// grain calls it, and every operation is one round trip and at most one commit.
/// </summary>
public interface IQuotaLedger
{
    /// <summary>The project's counters and reservations (zeros and none for a project that never reserved).</summary>
    Task<LedgerSnapshot> LoadAsync(string tenantId, string projectId, CancellationToken cancellationToken = default);

    /// <summary>Inserts the reservations; one already recorded stays as it is.</summary>
    Task ReserveAsync(string tenantId, string projectId, IReadOnlyList<LedgerReservation> reservations,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the reservations settled and, for those committed, adds their stored bytes and one file each to the
    /// counters, in one statement: a reservation no longer recorded changes nothing, so settling twice is harmless.
    /// </summary>
    Task SettleAsync(string tenantId, string projectId, IReadOnlyList<LedgerSettlement> settlements,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// A committed upload becomes a reservation again: its row is inserted and, only if it was not recorded,
    /// its bytes and file are taken off the counters (never below zero).
    /// </summary>
    Task ReopenAsync(string tenantId, string projectId, LedgerReservation reservation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a quota kept by the old grain state into the ledger, unless the project already has a counters row
    /// (the import happened, or the ledger was written since). Idempotent.
    /// </summary>
    Task ImportAsync(string tenantId, string projectId, LedgerSnapshot snapshot, CancellationToken cancellationToken = default);
}
