using BuildPeer.Processing.Errors;

namespace BuildPeer.Processing.Scanning;

/// <summary>
/// Turns clamd's answer to INSTREAM into a verdict. Only <c>stream: OK</c> is clean; anything not understood is a
/// transient failure, so an unexpected answer can never let a file through.
/// </summary>
internal static class ClamdReply
{
    private const string StreamPrefix = "stream: ";
    private const string FoundSuffix = " FOUND";
    private const string ErrorSuffix = " ERROR";
    private const string SizeLimitReply = "INSTREAM size limit exceeded. ERROR";

    /// <summary>
    /// With AlertExceedsMax, clamd reports data it stopped scanning at a limit (MaxFileSize, MaxScanSize,
    /// MaxRecursion, MaxFiles, ...) as a FOUND signature under this prefix. That is not a virus, so it does not
    /// quarantine the file, but neither was the file fully scanned: it fails with scan_limit_exceeded.
    /// </summary>
    private const string LimitsExceededPrefix = "Heuristics.Limits.Exceeded";

    /// <param name="reply">The reply without its terminating NUL.</param>
    /// <param name="endpoint">host:port of clamd, for messages.</param>
    public static ScanVerdict Interpret(string reply, string endpoint)
    {
        var text = reply.Trim();
        if (text.Length == 0)
        {
            throw new TransientProcessingException($"clamd at {endpoint} closed the connection without a verdict.");
        }

        if (text.Equals(SizeLimitReply, StringComparison.Ordinal))
        {
            throw new ProcessingFailedException(
                ErrorCodes.ScanLimitExceeded,
                $"The file is larger than clamd at {endpoint} accepts (StreamMaxLength); it was not scanned.");
        }

        if (text.EndsWith(ErrorSuffix, StringComparison.Ordinal))
        {
            throw new TransientProcessingException($"clamd at {endpoint} failed to scan: {text}");
        }

        if (text.Equals(StreamPrefix + "OK", StringComparison.Ordinal))
        {
            return ScanVerdict.Clean;
        }

        if (text.StartsWith(StreamPrefix, StringComparison.Ordinal) && text.EndsWith(FoundSuffix, StringComparison.Ordinal))
        {
            var signature = text[StreamPrefix.Length..^FoundSuffix.Length].Trim();
            if (signature.Length > 0)
            {
                return signature.StartsWith(LimitsExceededPrefix, StringComparison.Ordinal)
                    ? throw new ProcessingFailedException(
                        ErrorCodes.ScanLimitExceeded,
                        $"clamd did not scan the whole file: a scan limit was exceeded ({signature}).")
                    : ScanVerdict.Found(signature);
            }
        }

        throw new TransientProcessingException($"clamd at {endpoint} gave an answer this client does not understand: {text}");
    }
}
