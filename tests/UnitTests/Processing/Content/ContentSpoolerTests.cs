using System.Security.Cryptography;
using BuildPeer.Processing;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Scanning;
using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Processing.Content;

public class ContentSpoolerTests : IDisposable
{
    private static readonly byte[] Content = RandomNumberGenerator.GetBytes(300_000);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "buildpeer-spool-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_scanner_that_reads_everything_gives_the_digest_copy_head_and_verdict_of_the_same_bytes()
    {
        var spooled = await Spooler(DelegateScanner.ReadingAll(ScanVerdict.Clean)).SpoolAsync(new MemoryStream(Content), default);

        Assert.Equal(SHA256.HashData(Content), spooled.Sha256);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Content)), spooled.Sha256Base64);
        Assert.Equal(Content.Length, spooled.Length);
        Assert.Equal(Content[..64], spooled.Head);
        Assert.Equal(ScanVerdict.Clean, spooled.Verdict);
        Assert.Equal(Content, await File.ReadAllBytesAsync(spooled.TempFilePath));
        Assert.StartsWith(_directory, spooled.TempFilePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scanner_that_reads_exactly_the_content_without_seeing_its_end_still_counts_as_complete()
    {
        var spooled = await Spooler(DelegateScanner.ReadingOnly(Content.Length, ScanVerdict.Clean))
            .SpoolAsync(new MemoryStream(Content), default);

        Assert.Equal(ScanVerdict.Clean, spooled.Verdict);
        Assert.Equal(Content.Length, spooled.Length);
    }

    [Fact]
    public async Task Clean_from_a_scanner_that_stopped_early_is_refused_and_the_temp_file_removed()
    {
        var spooler = Spooler(DelegateScanner.ReadingOnly(1000, ScanVerdict.Clean));

        await Assert.ThrowsAsync<InvalidOperationException>(() => spooler.SpoolAsync(new MemoryStream(Content), default));

        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task Infected_from_a_scanner_that_stopped_early_stands_and_the_rest_is_still_spooled()
    {
        var infected = ScanVerdict.Found("Test.Signature");

        var spooled = await Spooler(DelegateScanner.ReadingOnly(1000, infected)).SpoolAsync(new MemoryStream(Content), default);

        Assert.Equal(infected, spooled.Verdict);
        Assert.Equal(SHA256.HashData(Content), spooled.Sha256);
        Assert.Equal(Content, await File.ReadAllBytesAsync(spooled.TempFilePath));
    }

    [Fact]
    public async Task A_scanner_failure_propagates_and_removes_the_temp_file_it_created()
    {
        var spooler = Spooler(new DelegateScanner(async content =>
        {
            await content.ReadExactlyAsync(new byte[1000]);
            throw new ProcessingFailedException(ErrorCodes.ScanLimitExceeded, "too large");
        }));

        var failure = await Assert.ThrowsAsync<ProcessingFailedException>(() => spooler.SpoolAsync(new MemoryStream(Content), default));

        Assert.Equal(ErrorCodes.ScanLimitExceeded, failure.Code);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task A_path_given_by_the_caller_is_used_and_left_to_the_caller_on_failure()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "given.bin");
        var spooler = Spooler(new DelegateScanner(_ => throw new TransientProcessingException("clamd down")));

        await Assert.ThrowsAsync<TransientProcessingException>(() => spooler.SpoolAsync(new MemoryStream(Content), path, default));

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Empty_content_is_spooled_as_an_empty_file_with_the_empty_digest()
    {
        var spooled = await Spooler(DelegateScanner.ReadingAll(ScanVerdict.Clean)).SpoolAsync(new MemoryStream(), default);

        Assert.Equal(SHA256.HashData([]), spooled.Sha256);
        Assert.Equal(0, spooled.Length);
        Assert.Empty(spooled.Head);
        Assert.Equal(0, new FileInfo(spooled.TempFilePath).Length);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private ContentSpooler Spooler(IVirusScanner scanner) =>
        new(scanner, Options.Create(new ContentSpoolOptions { TempDirectory = _directory, HeadLength = 64 }));
}
