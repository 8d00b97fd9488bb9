using BuildPeer.Processing.Scanning;

namespace BuildPeer.Processing.Content;

/// <summary>
/// An object read once from end to end: its local copy, digest, size, first bytes and virus verdict, all taken from
/// the same bytes. The caller owns <see cref="TempFilePath"/> and deletes it.
/// </summary>
/// <param name="Sha256">SHA-256 of the whole content (32 bytes).</param>
/// <param name="Length">Bytes read from the source.</param>
/// <param name="Head">The first bytes, for sniffing the real file type.</param>
/// <param name="Verdict">The scanner's verdict on every byte of the content.</param>
/// <param name="TempFilePath">The local copy, byte for byte.</param>
public sealed record SpooledContent(byte[] Sha256, long Length, byte[] Head, ScanVerdict Verdict, string TempFilePath)
{
    /// <summary>The digest in base64, the form of S3's <c>x-amz-checksum-sha256</c> (ChecksumSHA256).</summary>
    public string Sha256Base64 => Convert.ToBase64String(Sha256);
}
