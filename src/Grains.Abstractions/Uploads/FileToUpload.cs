namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>
/// One file a client declares it is about to upload. <see cref="ChecksumSha256"/> is optional: the SHA-256 of the
/// content in base64, as S3's <c>x-amz-checksum-sha256</c>; when given, processing refuses content that differs.
/// </summary>
[GenerateSerializer, Immutable, Alias("uploads.FileToUpload")]
public sealed record FileToUpload(
    [property: Id(0)] string FileName,
    [property: Id(1)] string ContentType,
    [property: Id(2)] long Size,
    [property: Id(3)] string? ChecksumSha256 = null);
