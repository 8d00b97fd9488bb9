using System.Security.Cryptography;
using System.Text;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads.Idempotency;

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
                .Append(file.Size).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
