namespace BuildPeer.Client.Uploads;

/// <summary>
/// Sends one body to storage until storage acknowledges it: failures (network, time-outs, 5xx, a 403 that is not
/// an expiry) are retried with backoff up to <see cref="BuildPeerClientOptions.MaxRetries"/> times; an expired URL
/// is signed again and retried at once without counting as a failure.
/// </summary>
internal sealed class RetryingPut(UploadServices services, TransferCounters counters)
{
    // An expiry straight after a fresh signature means the clocks disagree, not that the URL aged: after this many
    // in a row, expiries count as failures so the upload cannot loop forever.
    private const int MaxExpiriesInARow = 3;

    /// <param name="what">"part 3" or "the file", for messages.</param>
    /// <param name="url">The URL to send to now.</param>
    /// <param name="content">A new body for each attempt.</param>
    /// <param name="resign">Replaces an expired URL; null when the URL cannot be signed again.</param>
    /// <param name="cancellationToken">Stops the sending; what was acknowledged stays acknowledged.</param>
    /// <param name="writeOnce">A single PUT, sent with <c>If-None-Match: *</c>: a 412 means an earlier try arrived.</param>
    /// <returns>The ETag storage answered; empty when a write-once PUT found its object already stored.</returns>
    public async Task<string> SendAsync(string what, Func<CancellationToken, ValueTask<Uri>> url, Func<HttpContent> content,
        Func<Uri, CancellationToken, Task>? resign, CancellationToken cancellationToken, bool writeOnce = false)
    {
        var failures = 0;
        var expiriesInARow = 0;
        while (true)
        {
            var target = await url(cancellationToken);
            var outcome = await services.Storage.PutAsync(target, content(), writeOnce, cancellationToken);
            expiriesInARow = outcome.Kind == StorageOutcomeKind.UrlExpired ? expiriesInARow + 1 : 0;
            switch (outcome.Kind)
            {
                case StorageOutcomeKind.Stored:
                    counters.PartSent();
                    return outcome.ETag!;
                case StorageOutcomeKind.AlreadyStored:
                    counters.PartSent();
                    return string.Empty;
                case StorageOutcomeKind.UrlExpired when resign is null:
                    throw new UploadGoneException($"The URL for {what} expired: {outcome.Description}");
                case StorageOutcomeKind.UrlExpired when expiriesInARow <= MaxExpiriesInARow:
                    await resign!(target, cancellationToken);
                    continue;
                case StorageOutcomeKind.UploadGone:
                    throw new UploadGoneException($"Storage no longer knows the upload of {what}: {outcome.Description}");
                case StorageOutcomeKind.Refused:
                    throw new BuildPeerException(ErrorCodes.StorageRefused, $"Storage refused {what}.", outcome.Description);
            }

            if (++failures > services.Retry.MaxRetries)
            {
                throw new BuildPeerException(ErrorCodes.TransferFailed,
                    $"Sending {what} failed {failures} times; run the upload again to resume it.", outcome.Description);
            }

            counters.Retry();
            if (outcome.Kind is StorageOutcomeKind.Forbidden or StorageOutcomeKind.UrlExpired && resign is not null)
            {
                await resign(target, cancellationToken);
            }

            await services.Retry.WaitBeforeAsync(failures, cancellationToken);
        }
    }
}
