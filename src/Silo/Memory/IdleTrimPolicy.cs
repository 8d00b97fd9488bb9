namespace BuildPeer.Silo.Memory;

/// <summary>
/// Whether to run a full, compacting, decommitting collection now. After a spike the activations are collected but
/// their objects sit dead in gen 2 and the GC keeps their memory committed: an idle silo allocates too little to
/// trigger the gen 2 collection that would give it back. Only when idle, only when there is much to give back, and
/// not more often than <see cref="IdleTrimOptions.MinInterval"/>.
/// </summary>
public static class IdleTrimPolicy
{
    public static bool ShouldTrim(IdleTrimOptions options, double coresUsed, long committedBytes, DateTimeOffset? lastTrim, DateTimeOffset now) =>
        options.Enabled
        && coresUsed < options.IdleCores
        && committedBytes >= options.MinCommittedBytes
        && (lastTrim is null || now - lastTrim.Value >= options.MinInterval);
}
