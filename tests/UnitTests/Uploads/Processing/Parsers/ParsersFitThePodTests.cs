using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Grains.Uploads.Processing.Parsers;
using BuildPeer.Processing.Documents;
using BuildPeer.Processing.Images;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Uploads.Processing.Parsers;

public sealed class ParsersFitThePodTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void The_shipped_plan_fits_a_1792Mi_pod_exactly()
    {
        var result = Validate(workers: 2, new ParserOptions { PodMemoryLimitBytes = 1792 * MiB });

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.True(Validate(workers: 2, new ParserOptions { PodMemoryLimitBytes = 1791 * MiB }).Failed);
    }

    [Fact]
    public void Workers_that_do_not_fit_the_pod_are_refused_at_start_with_the_sum()
    {
        var result = Validate(workers: 4, new ParserOptions { PodMemoryLimitBytes = 1792 * MiB });

        Assert.True(result.Failed);
        Assert.Contains("2816 MiB", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_pod_limit_only_the_decoder_cache_is_checked()
    {
        Assert.True(Validate(workers: 64, new ParserOptions()).Succeeded);
        var tooBig = Validate(workers: 1, new ParserOptions(), magick: 800 * MiB);
        Assert.True(tooBig.Failed);
        Assert.Contains("MagickMemoryLimitBytes", tooBig.FailureMessage, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(int workers, ParserOptions options, long magick = 200 * MiB) =>
        new ParsersFitThePod(
            new Fixed<ProcessingOptions>(new ProcessingOptions { Workers = workers }),
            new Fixed<ImageProcessingOptions>(new ImageProcessingOptions { MagickMemoryLimitBytes = magick }),
            new Fixed<PdfProcessingOptions>(new PdfProcessingOptions())).Validate(null, options);

    private sealed class Fixed<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
