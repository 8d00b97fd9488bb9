using System.Security.Cryptography;
using System.Text;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads.Initiation.Idempotency;

/// <summary>A digest of what an initiate asks for, to tell a retry from a different request under the same key.</summary>
public static class RequestFingerprint
{
    public static string Of(InitiateUploadsCommand command)
    {
        var text = new StringBuilder().Append(command.ProjectId).Append('\n');
        foreach (var file in command.Files)
        {
            // Length-prefixed, so no choice of names can make two different requests read the same.
            text.Append(file.FileName.Length).Append(':').Append(file.FileName)
                .Append(file.ContentType.Length).Append(':').Append(file.ContentType)
                .Append(file.Size);
            // Only when given, so fingerprints stored before checksums existed still match their retries.
            if (file.ChecksumSha256 is not null)
            {
                text.Append("#sha256:").Append(file.ChecksumSha256);
            }

            text.Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
