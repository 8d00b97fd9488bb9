namespace BuildPeer.Gateway.Uploads;

/// <summary>Body of <c>POST /api/uploads/initiate</c> (the seed's shape).</summary>
public sealed record InitiateRequest(string? ProjectId, IReadOnlyList<InitiateFile?>? Files);

public sealed record InitiateFile(string? Filename, string? ContentType, long Size);
