namespace BuildPeer.Grains.Hosting;

/// <summary>Names of the grain storage providers, shared by grains and the silo that registers them.</summary>
public static class StorageNames
{
    public const string Uploads = "uploads";
    public const string Projects = "projects";
    public const string Idempotency = "idempotency";
    public const string Digests = "digests";
    public const string Devices = "devices";
}
