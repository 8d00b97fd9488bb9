namespace BuildPeer.Processing.Scanning;

/// <summary>
/// Scans a stream. Throws <see cref="TransientProcessingException"/> when the scanner cannot be reached or times
/// out (retry later, never skip), and <see cref="ProcessingFailedException"/> (scan_limit_exceeded) when the
/// stream is larger than the scanner accepts or the scanner stopped at one of its limits. It returns a verdict only
/// after reading the stream to its end; Clean means every byte was scanned.
/// </summary>
public interface IVirusScanner
{
    Task<ScanVerdict> ScanAsync(Stream content, CancellationToken cancellationToken);
}
