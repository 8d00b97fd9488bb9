namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>Why one file of a request was refused; <see cref="Code"/> is stable and machine-readable.</summary>
[GenerateSerializer, Immutable, Alias("uploads.FileRejection")]
public sealed record FileRejection(
    [property: Id(0)] int Index,
    [property: Id(1)] string FileName,
    [property: Id(2)] string Code,
    [property: Id(3)] string Detail);
