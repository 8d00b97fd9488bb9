using System.Security.Cryptography;

namespace BuildPeer.Client.Uploads;

internal static class FileChecksum
{
    /// <summary>The file's SHA-256 as S3's <c>x-amz-checksum-sha256</c> writes it (base64), read in one streaming pass.</summary>
    public static async Task<string> Sha256Base64Async(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToBase64String(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
