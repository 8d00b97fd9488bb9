using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BuildPeer.Grains.Hosting;
using BuildPeer.Processing;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Documents;
using BuildPeer.Processing.Images;
using BuildPeer.Processing.Scanning;
using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildPeer.ProcessingBench;

/// <summary>
/// Per-file processing times in this process, as a silo worker runs them (warm, one file at a time):
/// the thumbnail step (<see cref="IImageProcessor.Process"/>) against Node's sharp on the same file in the same run
/// (rounds alternate which goes first, so a burst of load from elsewhere hits both), the photo's processing minus
/// S3 and PostgreSQL (spool + SHA-256 + clamd scan, sniff, thumbnails), and <see cref="IPdfProcessor.ProcessAsync"/>
/// on multi-page PDFs.
/// </summary>
internal static class ProcessingRun
{
    public static async Task<int> RunAsync(Args args)
    {
        var work = args.Text("work-dir", "/tmp/buildpeer-bench/inputs");
        var iterations = args.Int("iterations", 30);
        var warmup = args.Int("warmup", 3);
        var rounds = args.Int("rounds", 2);
        var pdfIterations = args.Int("pdf-iterations", 15);
        var node = args.Text("node", "node");
        var sharpScript = args.Text("sharp-script", "bench/sharp/thumbnail.mjs");
        var samplePdf = args.Text("sample-pdf");
        var output = args.Text("out", Path.Combine(work, "..", "processing.md"));
        var runId = args.Text("run-id", DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddImageProcessing();
        services.AddPdfProcessing();
        services.AddValidatedOptions<ClamdOptions>(ClamdOptions.SectionName);
        services.AddValidatedOptions<ContentSpoolOptions>(ContentSpoolOptions.SectionName);
        services.AddSingleton<IVirusScanner, ClamdClient>();
        services.AddSingleton<ContentSpooler>();
        await using var provider = services.BuildServiceProvider();
        var images = provider.GetRequiredService<IImageProcessor>();
        var pdfs = provider.GetRequiredService<IPdfProcessor>();
        var spooler = provider.GetRequiredService<ContentSpooler>();

        var photoPath = Path.Combine(work, "photo-12mp-q90.jpg");
        var photo = Inputs.Photo(photoPath, quality: 90, maxBytes: 6_000_000);
        var loadBefore = Machine.LoadAverage();
        var report = new StringBuilder();
        var started = DateTime.UtcNow;

        // (a) The thumbnail step against sharp, rounds alternating which runs first.
        var csharpSamples = new List<double>();
        var sharpSamples = new List<double>();
        SharpResult? sharpInfo = null;
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                csharpSamples.AddRange(Measure(() => images.Process(photoPath, ContentKind.Jpeg, CancellationToken.None), iterations, warmup));
                sharpInfo = await RunSharpAsync(node, sharpScript, photoPath, iterations, warmup);
                sharpSamples.AddRange(sharpInfo.Samples);
            }
            else
            {
                sharpInfo = await RunSharpAsync(node, sharpScript, photoPath, iterations, warmup);
                sharpSamples.AddRange(sharpInfo.Samples);
                csharpSamples.AddRange(Measure(() => images.Process(photoPath, ContentKind.Jpeg, CancellationToken.None), iterations, warmup));
            }
        }

        var outcome = images.Process(photoPath, ContentKind.Jpeg, CancellationToken.None);
        var netvips = Stats.Of(csharpSamples);
        var sharp = Stats.Of(sharpSamples);
        var benchHwmMiB = (Machine.StatusKiB(Environment.ProcessId, "VmHWM") ?? 0) / 1024.0;

        // (b) The photo minus S3 and PostgreSQL: spool from a file stream (SHA-256 + clamd INSTREAM in one pass), sniff,
        // thumbnails; the temp file is deleted as the pipeline does.
        List<double> pipelineSamples;
        string pipelineNote;
        try
        {
            // Distinct bytes every call (a COM segment with a counter): clamd caches the verdict of content it has seen.
            var call = 0;
            pipelineSamples = await MeasureAsync(async () =>
            {
                var unique = Inputs.PaddedCopy(photo, $"call {++call} of run {runId}", photo.Length + 64);
                await using var source = new MemoryStream(unique, writable: false);
                var spooled = await spooler.SpoolAsync(source, CancellationToken.None);
                try
                {
                    var kind = ContentSniffer.Detect(spooled.Head) ?? throw new InvalidOperationException("not sniffed");
                    images.Process(spooled.TempFilePath, kind, CancellationToken.None);
                }
                finally
                {
                    File.Delete(spooled.TempFilePath);
                }
            }, iterations, warmup);
            pipelineNote = "clamd at " + configuration["Clamd:Host"] + ":" + configuration["Clamd:Port"];
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TransientProcessingException)
        {
            pipelineSamples = [];
            pipelineNote = "not measured: " + e.Message;
        }

        // (b') The whole pipeline against the local stack (S3 emulator, clamd, PostgreSQL), when a silo build is given.
        var siloRoot = args.Text("silo-content-root");
        (List<double> Samples, string? Error) full = ([], "not run (no --silo-content-root)");
        if (siloRoot is not null)
        {
            try
            {
                full = await PipelineStep.MeasureAsync(siloRoot, photo, runId, iterations, warmup);
            }
            catch (Exception e) when (e is IOException or System.Net.Http.HttpRequestException or Amazon.Runtime.AmazonServiceException or Npgsql.NpgsqlException)
            {
                full = ([], e.GetType().Name + ": " + e.Message);
            }
        }

        // (c) PDFs: page count, text, excerpt and the page-1 preview (pdftoppm in a child process).
        var pdfRows = new List<(string Name, long Bytes, PdfMetadata Metadata, Stats Stats)>();
        var pdfPages = args.Int("pdf-pages", 50);
        var generated = Inputs.TextPdf(Path.Combine(work, $"site-diary-{pdfPages.ToString(CultureInfo.InvariantCulture)}p.pdf"), pdfPages);
        foreach (var pdf in new[] { generated, samplePdf }.OfType<string>().Where(File.Exists))
        {
            var result = await pdfs.ProcessAsync(pdf, CancellationToken.None);
            var samples = await MeasureAsync(() => pdfs.ProcessAsync(pdf, CancellationToken.None), pdfIterations, warmup);
            pdfRows.Add((Path.GetFileName(pdf), new FileInfo(pdf).Length, result.Metadata with { TextExcerpt = result.PreviewJpeg is null ? "no preview" : null }, Stats.Of(samples)));
        }

        var loadAfter = Machine.LoadAverage();
        var ratio = netvips.Median / sharp.Median;
        var ratioP95 = netvips.P95 / sharp.P95;
        var inv = CultureInfo.InvariantCulture;
        report.AppendLine(inv, $"### Processing run {runId} ({started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
        report.AppendLine();
        report.AppendLine(inv, $"Input: {Path.GetFileName(photoPath)}, {outcome.Metadata.Width}×{outcome.Metadata.Height}, {photo.Length:N0} bytes (generated: Perlin structure + gradients + Gaussian noise, JPEG q90). Load average before / after: {loadBefore} / {loadAfter}.");
        report.AppendLine(inv, $"{rounds} rounds × {iterations} iterations each after {warmup} warm-up calls, alternating which engine goes first; times in ms.");
        report.AppendLine();
        report.AppendLine("| step | engine | n | median ms | p95 ms | min | max | × sharp (median / p95) |");
        report.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|");
        report.AppendLine(inv, $"| thumbnail step (decode once, 800 inside + 200 cover, JPEG q80) | {sharpInfo?.Engine} on Node {sharpInfo?.Node} | {sharp.Count} | {Stats.Ms(sharp.Median)} | {Stats.Ms(sharp.P95)} | {Stats.Ms(sharp.Min)} | {Stats.Ms(sharp.Max)} | 1.00 |");
        report.AppendLine(inv, $"| thumbnail step: `ImageProcessor.Process` (+ EXIF read) | NetVips {typeof(NetVips.Image).Assembly.GetName().Version} / libvips {NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)} | {netvips.Count} | {Stats.Ms(netvips.Median)} | {Stats.Ms(netvips.P95)} | {Stats.Ms(netvips.Min)} | {Stats.Ms(netvips.Max)} | **{ratio:F2}** / {ratioP95:F2} |");
        var pipeline = Stats.Of(pipelineSamples);
        report.AppendLine(inv, $"| photo minus S3/PostgreSQL: spool + SHA-256 + clamd scan, sniff, thumbnails; distinct bytes each call ({pipelineNote}) | NetVips + ClamdClient | {pipeline.Count} | {Stats.Ms(pipeline.Median)} | {Stats.Ms(pipeline.P95)} | {Stats.Ms(pipeline.Min)} | {Stats.Ms(pipeline.Max)} | |");
        var fullStats = Stats.Of(full.Samples);
        report.AppendLine(inv, $"| whole pipeline: `UploadProcessor.ProcessAsync` against the local stack (S3 GET, spool + SHA-256 + clamd, sniff, duplicate look-up, thumbnails, 2 S3 PUTs); distinct bytes each call{(full.Error is null ? "" : "; " + full.Error)} | AWSSDK.S3 → S3 emulator, clamd, PostgreSQL | {fullStats.Count} | {Stats.Ms(fullStats.Median)} | {Stats.Ms(fullStats.P95)} | {Stats.Ms(fullStats.Min)} | {Stats.Ms(fullStats.Max)} | |");
        foreach (var (name, bytes, metadata, stats) in pdfRows)
        {
            report.AppendLine(inv, $"| PDF `PdfProcessor.ProcessAsync`: {name}, {metadata.PageCount} pages, {bytes:N0} bytes, {metadata.TextLength:N0} chars of text{(metadata.TextExcerpt is null ? ", page-1 preview" : ", " + metadata.TextExcerpt)} | PdfPig + pdftoppm | {stats.Count} | {Stats.Ms(stats.Median)} | {Stats.Ms(stats.P95)} | {Stats.Ms(stats.Min)} | {Stats.Ms(stats.Max)} | |");
        }

        report.AppendLine();
        report.AppendLine(inv, $"Peak RSS: bench process {benchHwmMiB:F0} MiB after the thumbnail rounds (NetVips, Magick.NET and PdfPig loaded); sharp process {sharpInfo?.PeakRssMiB:F0} MiB. Thumbnail outputs: {outcome.Thumbnail800.Length:N0} + {outcome.Thumbnail200.Length:N0} bytes (NetVips), {sharpInfo?.OutputBytes:N0} bytes together (sharp).");
        report.AppendLine(inv, $"Target thumbnail step ≤ 1.0× sharp: **{(ratio <= 1.0 ? "met" : "not met")}** (median ratio {ratio:F2}, p95 ratio {ratioP95:F2}).");

        var text = report.ToString();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, text);
        Console.WriteLine(text);
        return 0;
    }

    private static List<double> Measure(Action action, int iterations, int warmup)
    {
        for (var i = 0; i < warmup; i++)
        {
            action();
        }

        var samples = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return samples;
    }

    private static async Task<List<double>> MeasureAsync<T>(Func<Task<T>> action, int iterations, int warmup)
    {
        return await MeasureAsync(async () => { _ = await action(); }, iterations, warmup);
    }

    private static async Task<List<double>> MeasureAsync(Func<Task> action, int iterations, int warmup)
    {
        for (var i = 0; i < warmup; i++)
        {
            await action();
        }

        var samples = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return samples;
    }

    private static async Task<SharpResult> RunSharpAsync(string node, string script, string photo, int iterations, int warmup)
    {
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, photo, iterations.ToString(CultureInfo.InvariantCulture), warmup.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {node}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"sharp exited with {process.ExitCode}: {await stderr}");
        }

        return JsonSerializer.Deserialize<SharpResult>(await stdout, _jsonOptions)
            ?? throw new InvalidOperationException("sharp printed nothing.");
    }

    private static readonly JsonSerializerOptions _jsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record SharpResult(string Engine, string Node, long InputBytes, long OutputBytes, int Iterations,
        double Median, double P95, double PeakRssMiB, List<double> Samples);
}
