namespace BuildPeer.Grains.Uploads.Initiation.Validation;

/// <summary>SHA-256 digests in the form S3 uses for <c>x-amz-checksum-sha256</c>: standard base64 of 32 bytes.</summary>
public static class Sha256Checksum
{
    private const int DigestLength = 32;

    public static bool IsWellFormed(string checksum)
    {
        Span<byte> digest = stackalloc byte[DigestLength + 3];
        return Convert.TryFromBase64String(checksum, digest, out var written) && written == DigestLength;
    }

    /// <summary>Compares two base64 digests by their bytes, so padding or line breaks cannot make equal digests differ.</summary>
    public static bool AreEqual(string expected, ReadOnlySpan<byte> actual)
    {
        Span<byte> digest = stackalloc byte[DigestLength + 3];
        return Convert.TryFromBase64String(expected, digest, out var written)
            && digest[..written].SequenceEqual(actual);
    }
}
