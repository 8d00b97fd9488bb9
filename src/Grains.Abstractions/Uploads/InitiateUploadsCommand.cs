namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>
/// A caller's request to upload files into a project. The gateway fills in who is asking from the verified token;
/// grains never trust identity that came from a request body. <see cref="IsTenantAdmin"/> says whether the token
/// makes the caller an admin of <see cref="TenantId"/>, which decides what a refusal tells them.
/// </summary>
[GenerateSerializer, Immutable, Alias("uploads.InitiateUploadsCommand")]
public sealed record InitiateUploadsCommand(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string ProjectId,
    [property: Id(3)] IReadOnlyList<FileToUpload> Files,
    [property: Id(4)] bool IsTenantAdmin = false)
{
    /// <summary>The caller, as <see cref="Access.AccessPolicy"/> sees them.</summary>
    public Access.Principal Principal => new(UserId, TenantId, IsTenantAdmin);
}
