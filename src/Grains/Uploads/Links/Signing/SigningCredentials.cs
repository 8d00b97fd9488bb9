namespace BuildPeer.Grains.Uploads.Links.Signing;

/// <summary>The key pair a URL is signed with, and the session token of temporary credentials (a role's).</summary>
public sealed record SigningCredentials(string AccessKey, string SecretKey, string? SessionToken);
