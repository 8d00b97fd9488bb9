namespace BuildPeer.Processing.Images;

/// <summary>Process-wide libvips settings for a server that opens every file exactly once.</summary>
internal static class VipsRuntime
{
    private static readonly Lazy<bool> _configured = new(Configure);

    public static void EnsureConfigured() => _ = _configured.Value;

    private static bool Configure()
    {
        // The operation cache only helps when the same file is processed again; here it would just hold memory and
        // open file handles across unrelated uploads.
        NetVips.Cache.Max = 0;
        NetVips.Cache.MaxMem = 0;
        NetVips.Cache.MaxFiles = 0;

        // Uploads are hostile input: refuse the loaders libvips marks untrusted (SVG, PDF, matrix, ...), whatever
        // bytes a file turns out to have.
        NetVips.NetVips.BlockUntrusted = true;

        // A parser worker runs one file at a time and the pool has one worker per core: more libvips threads would
        // only add stacks, counted against the worker's memory limit, and fail thread creation under it.
        NetVips.NetVips.Concurrency = 1;
        return true;
    }
}
