namespace BuildPeer.Gateway.Uploads;

/// <summary>Body of a successful initiate: where to send each file (the seed's shape).</summary>
public sealed record InitiateResponse(IReadOnlyList<InitiatedUpload> Uploads);

public sealed record InitiatedUpload(Guid UploadId, string Filename, long Size, string Method, Uri Url, DateTimeOffset ExpiresAt);
