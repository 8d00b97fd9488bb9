namespace BuildPeer.Gateway.Uploads;

/// <summary>
/// Body of <c>POST /api/uploads/{uploadId}/url</c>: a fresh URL for a single PUT, with the headers the PUT must send
/// (the same ones the initiate response listed) and when it expires.
/// </summary>
public sealed record PutUrlResponse(Uri Url, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);
