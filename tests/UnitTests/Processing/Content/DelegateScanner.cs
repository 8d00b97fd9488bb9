using BuildPeer.Processing.Scanning;

namespace BuildPeer.UnitTests.Processing.Content;

/// <summary>A scanner whose reading and verdict each test decides.</summary>
internal sealed class DelegateScanner(Func<Stream, Task<ScanVerdict>> scan) : IVirusScanner
{
    public Task<ScanVerdict> ScanAsync(Stream content, CancellationToken cancellationToken) => scan(content);

    public static DelegateScanner ReadingAll(ScanVerdict verdict) => new(async content =>
    {
        await content.CopyToAsync(Stream.Null);
        return verdict;
    });

    public static DelegateScanner ReadingOnly(int bytes, ScanVerdict verdict) => new(async content =>
    {
        await content.ReadExactlyAsync(new byte[bytes]);
        return verdict;
    });
}
