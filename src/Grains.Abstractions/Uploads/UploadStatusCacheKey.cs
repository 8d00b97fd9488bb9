namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>
/// The Redis key under which gateways cache an upload's status. Shared here because two processes must agree on
/// it: the gateway fills it, the upload's grain deletes it on every transition.
/// </summary>
public static class UploadStatusCacheKey
{
    public static string For(Guid uploadId) => $"upload:status:{uploadId:D}";
}
