namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>Fresh part URLs and when they expire, or a stable refusal code.</summary>
[GenerateSerializer, Immutable, Alias("uploads.PartUrlsResult")]
public sealed record PartUrlsResult(
    [property: Id(0)] IReadOnlyList<PartUrl> Parts,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] string? RefusalCode,
    [property: Id(3)] string? Detail)
{
    public bool Succeeded => RefusalCode is null;

    public static PartUrlsResult Refused(string code, string detail) => new([], default, code, detail);
}
