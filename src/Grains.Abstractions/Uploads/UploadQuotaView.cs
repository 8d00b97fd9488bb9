namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>Where an upload is, for other grains of the cluster (quota reconciliation), without tenant checks.</summary>
[GenerateSerializer, Immutable, Alias("uploads.UploadLifecycle")]
public sealed record UploadQuotaView([property: Id(0)] UploadStatus Status, [property: Id(1)] long? StoredSize);
