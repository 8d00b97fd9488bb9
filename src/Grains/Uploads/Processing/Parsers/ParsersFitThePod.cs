using BuildPeer.Processing.Documents;
using BuildPeer.Processing.Images;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Processing.Parsers;

/// <summary>
/// Refuses at start a memory plan that cannot hold: ImageMagick's pixel cache must fit inside a worker, and, when
/// the pod's limit is known, every worker at its limit plus its page renderer plus the silo's own budget must fit in
/// the pod. Otherwise the kernel, not the limits, would decide which process dies, and it would pick the silo.
/// </summary>
public sealed class ParsersFitThePod(
    IOptionsMonitor<ProcessingOptions> processing,
    IOptionsMonitor<ImageProcessingOptions> images,
    IOptionsMonitor<PdfProcessingOptions> pdfs) : IValidateOptions<ParserOptions>
{
    private const long MiB = 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, ParserOptions options)
    {
        int workers;
        long magick;
        long renderer;
        try
        {
            workers = processing.CurrentValue.EffectiveWorkers;
            magick = images.CurrentValue.MagickMemoryLimitBytes;
            renderer = pdfs.CurrentValue.PreviewMemoryLimitBytes;
        }
        catch (OptionsValidationException)
        {
            // Those settings are wrong themselves and say so on their own.
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (magick >= options.MemoryLimitBytes)
        {
            failures.Add($"Processing:Images:MagickMemoryLimitBytes ({magick / MiB} MiB) must be below " +
                $"Processing:Parsers:MemoryLimitBytes ({options.MemoryLimitBytes / MiB} MiB): the decoder's cache lives inside a worker.");
        }

        if (options.PodMemoryLimitBytes > 0)
        {
            var needed = PlannedBytes(workers, options.MemoryLimitBytes, renderer, options.SiloMemoryBudgetBytes);
            if (needed > options.PodMemoryLimitBytes)
            {
                failures.Add($"{workers} parser workers x ({options.MemoryLimitBytes / MiB} MiB + a {renderer / MiB} MiB page renderer) " +
                    $"+ the silo's {options.SiloMemoryBudgetBytes / MiB} MiB = {needed / MiB} MiB, more than " +
                    $"Processing:Parsers:PodMemoryLimitBytes ({options.PodMemoryLimitBytes / MiB} MiB). Lower Processing:Workers, " +
                    "Processing:Parsers:MemoryLimitBytes or Processing:Pdf:PreviewMemoryLimitBytes, or raise the pod's limit.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The most memory the silo's pod can need: each worker and its renderer at their limits, and the silo.</summary>
    public static long PlannedBytes(int workers, long workerLimit, long rendererLimit, long siloBudget) =>
        workers * (workerLimit + rendererLimit) + siloBudget;
}
