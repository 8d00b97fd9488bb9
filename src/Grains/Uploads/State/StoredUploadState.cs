namespace BuildPeer.Grains.Uploads.State;

/// <summary>A row of <c>upload_state</c>: the serialized state (null once cleared) and its version, the ETag.</summary>
public sealed record StoredUploadState(byte[]? Payload, int Version);
