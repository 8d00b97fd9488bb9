namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>Everything an <see cref="IUploadGrain"/> needs to know when its upload is created.</summary>
[GenerateSerializer, Immutable, Alias("uploads.UploadRegistration")]
public sealed record UploadRegistration(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string ProjectId,
    [property: Id(2)] string UserId,
    [property: Id(3)] string FileName,
    [property: Id(4)] string ContentType,
    [property: Id(5)] long Size,
    [property: Id(6)] string? ChecksumSha256 = null);
