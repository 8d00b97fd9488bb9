namespace BuildPeer.Grains.Uploads.Links.Signing;

/// <summary>
/// Where presigned URLs of one bucket point, as the SDK resolves it (region, path or virtual-host style, transfer
/// acceleration, a local endpoint): origin, the path before the key, the signing region and any query parameter the
/// SDK adds to every URL of the operation.
/// </summary>
public sealed record PresignTarget(string Scheme, string Authority, string PathPrefix, string Region, IReadOnlyList<(string Name, string Value)> Query);
