namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>One file a client declares it is about to upload.</summary>
[GenerateSerializer, Immutable, Alias("uploads.FileToUpload")]
public sealed record FileToUpload(
    [property: Id(0)] string FileName,
    [property: Id(1)] string ContentType,
    [property: Id(2)] long Size);
