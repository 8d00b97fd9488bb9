namespace BuildPeer.Grains.Uploads.Links.Signing;

/// <summary>One request to presign: method, object key, the headers the client must send as signed, its lifetime.</summary>
public sealed record PresignedRequest(string Method, string Key, IReadOnlyDictionary<string, string> Headers, long ExpiresInSeconds);
