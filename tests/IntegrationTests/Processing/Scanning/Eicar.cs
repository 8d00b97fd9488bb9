using System.Text;

namespace BuildPeer.IntegrationTests.Processing.Scanning;

/// <summary>The standard anti-virus test file: harmless, and detected by every scanner (here by the stack's local signature).</summary>
internal static class Eicar
{
    public static byte[] Bytes { get; } =
        Encoding.ASCII.GetBytes(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");
}
