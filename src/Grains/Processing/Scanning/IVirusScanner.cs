namespace BuildPeer.Grains.Processing.Scanning;

/// <summary>
/// Scans a stream. Throws <see cref="TransientProcessingException"/> when the scanner cannot be reached or times
/// out (retry later, never skip), and <see cref="ProcessingFailedException"/> (scan_limit_exceeded) when the
/// stream is larger than the scanner accepts.
/// </summary>
public interface IVirusScanner
{
    Task<ScanVerdict> ScanAsync(Stream content, CancellationToken cancellationToken);
}
