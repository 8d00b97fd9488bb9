using BuildPeer.Processing.Scanning;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// Refuses a configuration in which the service accepts files larger than the scanner reads: such a file would be
/// uploaded, then never complete (it is never treated as clean unscanned).
/// </summary>
public sealed class ScannerReadsEveryAcceptedFile(IOptionsMonitor<UploadOptions> uploads) : IValidateOptions<ClamdOptions>
{
    public ValidateOptionsResult Validate(string? name, ClamdOptions options)
    {
        long largestFile;
        try
        {
            largestFile = uploads.CurrentValue.MaxFileSizeBytes;
        }
        catch (OptionsValidationException)
        {
            // The upload settings are wrong themselves and say so on their own.
            return ValidateOptionsResult.Skip;
        }

        return options.MaxStreamBytes >= largestFile
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Clamd:MaxStreamBytes ({options.MaxStreamBytes}) must be at least Uploads:MaxFileSizeBytes ({largestFile}): " +
                "a file the scanner cannot read whole could never complete.");
    }
}
