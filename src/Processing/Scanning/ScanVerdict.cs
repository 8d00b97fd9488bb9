namespace BuildPeer.Processing.Scanning;

/// <summary>clamd's answer for one stream. A stream clamd did not fully scan is never a clean verdict.</summary>
public sealed record ScanVerdict(bool Infected, string? Signature)
{
    public static ScanVerdict Clean { get; } = new(false, null);

    public static ScanVerdict Found(string signature) => new(true, signature);
}
