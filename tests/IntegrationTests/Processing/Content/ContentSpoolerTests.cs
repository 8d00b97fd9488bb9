using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using BuildPeer.IntegrationTests.Processing.Scanning;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Scanning;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Processing.Content;

/// <summary><see cref="ContentSpooler"/> with the real clamd: one pass gives a copy, digest, head and verdict that agree.</summary>
public class ContentSpoolerTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1024 * 1024;
    private static readonly byte[] PdfHeader = Encoding.ASCII.GetBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "buildpeer-spool-it", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(5)]
    [InlineData(50)]
    public async Task A_clean_object_is_copied_hashed_sniffed_and_scanned_in_one_pass(int megabytes)
    {
        var length = megabytes * 1_000_000L;
        var spooler = Spooler();
        await spooler.SpoolAsync(new MemoryStream(PdfHeader), default); // warm up the connection path and JIT

        var clock = Stopwatch.StartNew();
        var spooled = await spooler.SpoolAsync(Content(length), default);
        clock.Stop();
        output.WriteLine($"{megabytes} MB spooled, hashed and scanned in {clock.ElapsedMilliseconds} ms");

        Assert.Equal(ScanVerdict.Clean, spooled.Verdict);
        Assert.Equal(length, spooled.Length);
        Assert.Equal(await HashAsync(Content(length)), spooled.Sha256);
        Assert.Equal(spooled.Sha256, await HashFileAsync(spooled.TempFilePath));
        Assert.Equal(length, new FileInfo(spooled.TempFilePath).Length);
        Assert.Equal(await HeadAsync(Content(length), ContentSniffer.HeadLength), spooled.Head);
        Assert.Equal(Convert.ToBase64String(spooled.Sha256), spooled.Sha256Base64);
    }

    [Fact]
    public async Task The_temp_file_holds_exactly_the_bytes_read()
    {
        var content = RandomNumberGenerator.GetBytes(5 * 1_000_000 + 3);

        var spooled = await Spooler().SpoolAsync(new MemoryStream(content), default);

        Assert.Equal(content, await File.ReadAllBytesAsync(spooled.TempFilePath));
        Assert.Equal(SHA256.HashData(content), spooled.Sha256);
        Assert.Equal(content[..ContentSniffer.HeadLength], spooled.Head);
    }

    [Fact]
    public async Task An_object_ending_in_EICAR_is_infected_and_still_fully_spooled_and_hashed()
    {
        var length = PdfHeader.Length + 20 * MiB + Eicar.Bytes.Length;

        var spooled = await Spooler().SpoolAsync(new GeneratedStream(PdfHeader, 20 * MiB, Eicar.Bytes), default);

        Assert.True(spooled.Verdict.Infected);
        Assert.StartsWith("Eicar-Test-Signature", spooled.Verdict.Signature, StringComparison.Ordinal);
        Assert.Equal(length, spooled.Length);
        Assert.Equal(await HashAsync(new GeneratedStream(PdfHeader, 20 * MiB, Eicar.Bytes)), spooled.Sha256);
        Assert.Equal(spooled.Sha256, await HashFileAsync(spooled.TempFilePath));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static GeneratedStream Content(long length) => new(PdfHeader, length - PdfHeader.Length, []);

    private static async Task<byte[]> HashAsync(Stream content) => await SHA256.HashDataAsync(content);

    private static async Task<byte[]> HashFileAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return await SHA256.HashDataAsync(file);
    }

    private static async Task<byte[]> HeadAsync(Stream content, int length)
    {
        var head = new byte[length];
        await content.ReadExactlyAsync(head);
        return head;
    }

    private ContentSpooler Spooler() =>
        new(ClamdClientTests.Client(), Options.Create(new ContentSpoolOptions { TempDirectory = _directory }));
}
