using BuildPeer.Client.Gateway.Wire;
using BuildPeer.Client.Resume;

namespace BuildPeer.Client.Uploads;

/// <summary>
/// One file from start (or from where an earlier process stopped) to the end: find or create the resume state,
/// initiate with the state's idempotency key, send the bytes, complete, forget the state, and wait for processing.
/// </summary>
internal sealed class FileUploadRun(UploadServices services, FileIdentity file, string projectId, UploadOptions options,
    IProgress<UploadProgress>? sink)
{
    private readonly ProgressTracker _progress = new(sink, file.FullPath, file.Size);
    private readonly TransferCounters _counters = new();

    private BuildPeerClientOptions Options => services.Options;

    public async Task<UploadResult> RunAsync(CancellationToken cancellationToken)
    {
        var key = UploadStateStore.KeyOf(Options.GatewayUrl, Options.TenantId, projectId, file.FullPath);
        using var held = services.Store.Lock(key);
        _progress.Enter(UploadPhase.Preparing);

        var (saved, alreadyIn) = await FindResumableAsync(key, cancellationToken);
        Guid uploadId;
        UploadStatus status;
        if (alreadyIn is not null)
        {
            // The bytes arrived and the upload completed before the process stopped; only the state was left.
            (uploadId, status) = (alreadyIn.UploadId, alreadyIn);
            _progress.Restore(file.Size);
        }
        else
        {
            (uploadId, status) = await TransferAsync(saved ?? await StartAsync(key, cancellationToken), cancellationToken);
        }

        services.Store.Delete(key);
        if (options.WaitForTerminalState && !status.IsTerminal)
        {
            _progress.Enter(UploadPhase.Processing, uploadId);
            status = await services.Waiter.WaitAsync(uploadId, cancellationToken);
        }

        _progress.Enter(UploadPhase.Finished, uploadId);
        return new UploadResult(uploadId, file.FullPath, file.Size, status, saved is not null || alreadyIn is not null, _counters.Snapshot());
    }

    /// <summary>
    /// The saved state worth continuing, and what the gateway says of its upload: still pending (continue), already
    /// past pending (nothing left to send), or gone (start afresh). Progress is restored only once the upload is
    /// known to continue, so it never shows bytes that will have to be sent again.
    /// </summary>
    private async Task<(UploadStateDocument? Saved, UploadStatus? AlreadyIn)> FindResumableAsync(string key, CancellationToken cancellationToken)
    {
        var saved = services.Store.Load(key);
        if (saved is not null && (!options.Resume || !saved.Describes(file)))
        {
            // Starting afresh, or the file changed: the earlier upload would only hold quota until it expired.
            await AbandonAsync(saved, cancellationToken);
            return (null, null);
        }

        if (saved?.UploadId is not { } uploadId)
        {
            // Nothing saved, or the process stopped before initiate answered: replaying it with the same key is safe.
            return (saved, null);
        }

        var current = await StatusOrNullAsync(uploadId, cancellationToken);
        switch (current?.State)
        {
            case null or UploadState.Expired or UploadState.Aborted:
                services.Store.Delete(key);
                return (null, null);
            case UploadState.Pending:
                _progress.Enter(UploadPhase.Preparing, uploadId);
                _progress.Restore(saved.AcknowledgedBytes);
                return (saved, null);
            default:
                return (saved, current);
        }
    }

    private async Task<(Guid UploadId, UploadStatus Status)> TransferAsync(UploadStateDocument state, CancellationToken cancellationToken)
    {
        try
        {
            return await TransferOnceAsync(state, cancellationToken);
        }
        catch (UploadGoneException) when (_progress.Acknowledged == 0)
        {
            // Nothing was acknowledged yet (a single PUT whose URL ran out, an old initiate replayed after its upload
            // expired): a new upload costs nothing that was already sent.
            await AbandonAsync(state, cancellationToken);
            return await RetryFreshAsync(state.Key, cancellationToken);
        }
        catch (UploadGoneException gone)
        {
            throw new BuildPeerException(ErrorCodes.StorageRefused,
                "Storage no longer takes parts for this upload (it expired or was aborted).", gone.Message);
        }
    }

    private async Task<(Guid UploadId, UploadStatus Status)> RetryFreshAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await TransferOnceAsync(await StartAsync(key, cancellationToken), cancellationToken);
        }
        catch (UploadGoneException gone)
        {
            throw new BuildPeerException(ErrorCodes.StorageRefused, "Storage refused a fresh upload's URL.", gone.Message);
        }
    }

    private async Task<(Guid UploadId, UploadStatus Status)> TransferOnceAsync(UploadStateDocument state, CancellationToken cancellationToken)
    {
        // A single PUT's URL is not kept: replaying the initiate gives it again. A multipart upload resumes from its
        // saved parts and signs the rest again.
        var ticket = state.UploadId is null || !state.Multipart ? await InitiateAsync(state, cancellationToken) : null;
        var uploadId = state.UploadId!.Value;
        _progress.Enter(UploadPhase.Uploading, uploadId);
        if (state.Multipart)
        {
            var completed = await new MultipartTransfer(services, state, _progress, _counters).RunAsync(ticket?.Parts, cancellationToken);
            return (uploadId, completed.ToStatus());
        }

        var url = ticket!.Url ?? throw new BuildPeerException(ErrorCodes.UnexpectedResponse,
            "The gateway answered no URL for a single PUT upload.");
        await new SinglePutTransfer(services, state, _progress, _counters).RunAsync(url, cancellationToken);
        return (uploadId, (await services.Api.GetStatusAsync(uploadId, cancellationToken)).ToStatus());
    }

    /// <summary>A new state, saved before initiate is called: a crash during initiate replays the same key.</summary>
    private async Task<UploadStateDocument> StartAsync(string key, CancellationToken cancellationToken)
    {
        var fileName = options.FileName ?? Path.GetFileName(file.FullPath);
        var checksum = options.ComputeChecksum ? await FileChecksum.Sha256Base64Async(file.FullPath, cancellationToken) : null;
        if (FileIdentity.Of(file.FullPath) != file)
        {
            throw new BuildPeerException(ErrorCodes.FileUnreadable, $"{file.FullPath} changed while it was being read.");
        }

        var state = new UploadStateDocument
        {
            Key = key,
            GatewayUrl = Options.GatewayUrl,
            TenantId = Options.TenantId,
            ProjectId = projectId,
            FilePath = file.FullPath,
            FileName = fileName,
            ContentType = options.ContentType ?? ContentTypes.For(fileName),
            Size = file.Size,
            LastWriteTimeUtc = file.LastWriteTimeUtc,
            ChecksumSha256 = checksum,
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            StartedAt = DateTimeOffset.UtcNow,
        };
        services.Store.Save(state);
        return state;
    }

    private async Task<InitiatedUploadWire> InitiateAsync(UploadStateDocument state, CancellationToken cancellationToken)
    {
        InitiatedUploadWire ticket;
        try
        {
            ticket = await services.Api.InitiateAsync(state.ProjectId,
                new InitiateFileWire(state.FileName, state.ContentType, state.Size, state.ChecksumSha256), state.IdempotencyKey,
                cancellationToken);
        }
        catch (BuildPeerException refused) when (!refused.IsTransient)
        {
            // Refused for good (quota, type, access): nothing to resume, and the next try must ask afresh, not replay.
            services.Store.Delete(state.Key);
            throw;
        }

        if (state.UploadId is { } previous && previous != ticket.UploadId)
        {
            // The gateway forgot the key (it keeps them a day) and made a new upload; the old one would only expire.
            await TryAbortAsync(previous, cancellationToken);
            state.CompletedParts.Clear();
        }

        state.UploadId = ticket.UploadId;
        state.Multipart = ticket.IsMultipart;
        state.PartSize = ticket.IsMultipart ? ticket.PartSize ?? throw new BuildPeerException(ErrorCodes.UnexpectedResponse,
            "The gateway answered a multipart upload without its part size.") : state.Size;
        state.PartCount = ticket.IsMultipart ? (int)((state.Size + state.PartSize - 1) / state.PartSize) : 1;
        services.Store.Save(state);
        return ticket;
    }

    private async Task AbandonAsync(UploadStateDocument state, CancellationToken cancellationToken)
    {
        if (state.UploadId is { } uploadId)
        {
            await TryAbortAsync(uploadId, cancellationToken);
        }

        services.Store.Delete(state.Key);
    }

    /// <summary>Best effort: an upload left pending expires by itself and releases its quota anyway.</summary>
    private async Task TryAbortAsync(Guid uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await services.Api.AbortAsync(uploadId, cancellationToken);
        }
        catch (BuildPeerException)
        {
            // Already past pending, already gone, or the gateway is away: none of it stops the new upload.
        }
    }

    private async Task<UploadStatus?> StatusOrNullAsync(Guid uploadId, CancellationToken cancellationToken)
    {
        try
        {
            return (await services.Api.GetStatusAsync(uploadId, cancellationToken)).ToStatus();
        }
        catch (BuildPeerException exception) when (exception.StatusCode == 404)
        {
            return null;
        }
    }
}
