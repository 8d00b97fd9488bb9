namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>
/// One client's <c>Idempotency-Key</c> (key: <see cref="IdempotencyKeys.GrainKey"/>): the first initiate under it
/// runs, every retry with the same request gets the same uploads back instead of reserving quota again.
/// </summary>
[Alias("uploads.IIdempotentInitiationGrain")]
public interface IIdempotentInitiationGrain : IGrainWithStringKey
{
    [Alias("Initiate")]
    Task<IdempotentInitiation> InitiateAsync(InitiateUploadsCommand command);
}

/// <summary>The result, whether it was replayed, or (with a null result) that the key was used for another request.</summary>
[GenerateSerializer, Immutable, Alias("uploads.IdempotentInitiation")]
public sealed record IdempotentInitiation(
    [property: Id(0)] InitiateUploadsResult? Result,
    [property: Id(1)] bool Replayed)
{
    public bool KeyReused => Result is null;

    public static readonly IdempotentInitiation Conflict = new(null, false);
}

public static class IdempotencyKeys
{
    public const int MaxLength = 255;

    /// <summary>Printable ASCII without spaces, as the IETF Idempotency-Key draft and payment APIs use.</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is > ' ' and <= '~');

    /// <summary>Keys are the client's own: scope them to the caller so two users never share one.</summary>
    public static string GrainKey(string tenantId, string userId, string key) => $"{tenantId}/{userId}/{key}";
}
