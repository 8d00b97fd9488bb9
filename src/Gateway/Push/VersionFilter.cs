namespace BuildPeer.Gateway.Push;

/// <summary>
/// What one stream has sent: the highest state version per upload. A change at or below it is old news (a repeat,
/// or overtaken by the current state a resync sent), so a stream never moves a client backwards.
/// </summary>
public sealed class VersionFilter
{
    private readonly Dictionary<Guid, int> _sent = [];

    /// <summary>True, and remembered, when <paramref name="version"/> is newer than anything sent for the upload.</summary>
    public bool Admit(Guid uploadId, int version)
    {
        if (_sent.TryGetValue(uploadId, out var sent) && version <= sent)
        {
            return false;
        }

        _sent[uploadId] = version;
        return true;
    }
}
