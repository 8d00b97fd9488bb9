namespace BuildPeer.Gateway.Uploads;

/// <summary>Body of <c>POST /api/uploads/initiate</c> (the seed's shape).</summary>
public sealed record InitiateRequest(string? ProjectId, IReadOnlyList<InitiateFile?>? Files);

/// <param name="ChecksumSha256">Optional base64 SHA-256 of the content (as S3's x-amz-checksum-sha256).</param>
public sealed record InitiateFile(string? Filename, string? ContentType, long Size, string? ChecksumSha256 = null);
