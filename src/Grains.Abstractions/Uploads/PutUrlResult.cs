namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>A fresh URL for a single PUT with the headers it was signed with, or a stable refusal code.</summary>
[GenerateSerializer, Immutable, Alias("uploads.PutUrlResult")]
public sealed record PutUrlResult(
    [property: Id(0)] Uri? Url,
    [property: Id(1)] IReadOnlyDictionary<string, string> Headers,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] string? RefusalCode,
    [property: Id(4)] string? Detail)
{
    public bool Succeeded => RefusalCode is null;

    public static PutUrlResult Refused(string code, string detail) =>
        new(null, new Dictionary<string, string>(), default, code, detail);
}
