namespace BuildPeer.Grains.Abstractions.Digests;

/// <summary>
/// One recipient's email digest (key: <see cref="DigestKey.Of"/>): collects the finished uploads they should hear
/// about and mails them together once a period, each upload once.
/// </summary>
[Alias("digests.IDigestGrain")]
public interface IDigestGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds <paramref name="item"/> to the next digest, to be mailed to <paramref name="address"/>. Returns once it is
    /// durable: true when it is new, false for a notification already recorded or already mailed (a repeat).
    /// </summary>
    [Alias("Record")]
    Task<bool> RecordAsync(DigestItem item, string address);
}
