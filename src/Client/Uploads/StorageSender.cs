using System.Net;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Uploads;

/// <summary>
/// One PUT to a presigned storage URL, and what its answer means for the uploader. Sends exactly the headers the
/// URL was signed for: the body's exact length always (HttpClient sends it from the content); for a single PUT also
/// the declared content type and <c>If-None-Match: *</c> (the gateway signs both) — and no checksum header, which
/// the URL does not sign.
/// </summary>
internal sealed class StorageSender(HttpClient storage, TimeSpan attemptTimeout)
{
    public const string IfNoneMatch = "If-None-Match";

    public async Task<StorageOutcome> PutAsync(Uri url, HttpContent content, bool writeOnce, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(attemptTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
            if (writeOnce)
            {
                request.Headers.TryAddWithoutValidation(IfNoneMatch, "*");
            }

            using var response = await storage.SendAsync(request, attempt.Token);
            if (writeOnce && response.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                // The object is there already: an earlier attempt of ours arrived, and its answer was lost.
                return new StorageOutcome(StorageOutcomeKind.AlreadyStored, null, "already stored");
            }

            if (response.IsSuccessStatusCode)
            {
                var eTag = response.Headers.ETag?.Tag.Trim('"');
                return string.IsNullOrEmpty(eTag)
                    ? new StorageOutcome(StorageOutcomeKind.Refused, null, "Storage stored the part but answered no ETag.")
                    : new StorageOutcome(StorageOutcomeKind.Stored, eTag, "stored");
            }

            return Classify(response.StatusCode, await response.Content.ReadAsStringAsync(attempt.Token));
        }
        catch (HttpRequestException exception) when (exception.InnerException is FileSegmentContent.FileChangedException changed)
        {
            throw new BuildPeerException(ErrorCodes.FileUnreadable, "The file changed while it was being uploaded.",
                changed.Message, innerException: exception);
        }
        catch (Exception exception) when (RetryPolicy.IsTransient(exception, cancellationToken))
        {
            return new StorageOutcome(StorageOutcomeKind.Transient, null, Describe(exception));
        }
    }

    /// <summary>
    /// S3 answers an expired presigned URL with 403 <c>AccessDenied</c> "Request has expired"; that alone means
    /// "sign again", every other 403 (a signature that does not match) is a failure like a 5xx.
    /// </summary>
    internal static StorageOutcome Classify(HttpStatusCode status, string body)
    {
        var summary = $"{(int)status} {Summarize(body)}";
        return status switch
        {
            HttpStatusCode.Forbidden when body.Contains("<Code>AccessDenied</Code>", StringComparison.Ordinal)
                && body.Contains("expired", StringComparison.OrdinalIgnoreCase) => new(StorageOutcomeKind.UrlExpired, null, summary),
            HttpStatusCode.Forbidden => new(StorageOutcomeKind.Forbidden, null, summary),
            HttpStatusCode.NotFound when body.Contains("<Code>NoSuchUpload</Code>", StringComparison.Ordinal) => new(StorageOutcomeKind.UploadGone, null, summary),
            _ when RetryPolicy.IsTransient(status) => new(StorageOutcomeKind.Transient, null, summary),
            _ => new(StorageOutcomeKind.Refused, null, summary),
        };
    }

    // S3's error body is XML with a <Code> and a <Message>; a line of it is enough to tell what happened.
    private static string Summarize(string body)
    {
        var code = Between(body, "<Code>", "</Code>");
        var message = Between(body, "<Message>", "</Message>");
        return code is null ? "(no S3 error code)" : message is null ? code : $"{code}: {message}";

        static string? Between(string text, string start, string end)
        {
            var from = text.IndexOf(start, StringComparison.Ordinal);
            var to = from < 0 ? -1 : text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
            return to < 0 ? null : text[(from + start.Length)..to];
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        OperationCanceledException => "the attempt timed out",
        _ when exception.InnerException is { } inner => $"{exception.Message} ({inner.Message})",
        _ => exception.Message,
    };
}

internal enum StorageOutcomeKind
{
    Stored,
    AlreadyStored,
    UrlExpired,
    Forbidden,
    Transient,
    UploadGone,
    Refused,
}

internal readonly record struct StorageOutcome(StorageOutcomeKind Kind, string? ETag, string Description);
