namespace BuildPeer.Grains.Uploads.Links;

/// <summary>
/// A presigned PUT and the headers signed into it that the client must send with exactly these values; the body's
/// exact length is signed too (<c>Content-Length</c>), which HTTP clients send by themselves.
/// </summary>
public sealed record PresignedPut(Uri Url, IReadOnlyDictionary<string, string> Headers);
