using System.Security.Cryptography;
using System.Text;

namespace BuildPeer.IntegrationTests.Uploads.Processing;

/// <summary>Files for the end-to-end tests: the shared real samples when present, generated ones otherwise.</summary>
public static class ProcessingFixtures
{
    public const string Eicar = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    public static string SamplesRoot { get; } =
        Environment.GetEnvironmentVariable("BUILDPEER_SAMPLES") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(Stack.LocalStack.RepositoryRoot, "..", "shared", "samples"));

    /// <summary>A sample's bytes, or null when the samples are not on this machine.</summary>
    public static byte[]? Sample(string relative)
    {
        var path = Path.Combine(SamplesRoot, relative);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>An AutoCAD 2018 drawing as far as its header goes; the rest is noise.</summary>
    public static byte[] DwgLike(int size) =>
        [.. Encoding.ASCII.GetBytes("AC1032"), 0, 0, 0, 0, 0, .. RandomNumberGenerator.GetBytes(size - 11)];

    /// <summary>A PDF header followed by the EICAR test string: what a hostile "plan" might look like.</summary>
    public static byte[] PdfWithEicar() => Encoding.ASCII.GetBytes($"%PDF-1.4\n% site plan\n{Eicar}\n%%EOF\n");

    /// <summary>A ZIP archive's local header and noise, to be named .jpg.</summary>
    public static byte[] ZipBytes() => [0x50, 0x4B, 0x03, 0x04, .. RandomNumberGenerator.GetBytes(2000)];

    public static byte[] CorruptPdf() => [.. Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog"), .. RandomNumberGenerator.GetBytes(3000)];

    public static string Sha256Base64(byte[] content) => Convert.ToBase64String(SHA256.HashData(content));
}
