using BuildPeer.Client.Gateway;
using BuildPeer.Client.Resume;
using BuildPeer.Client.Retries;
using BuildPeer.Client.Status;
using BuildPeer.Client.Uploads;

namespace BuildPeer.Client;

/// <summary>
/// Uploads files to BuildPeer: initiate at the gateway, send the bytes straight to storage (one PUT, or parts in
/// parallel with retries), complete, and wait for processing. Interrupted uploads resume from the parts storage had
/// acknowledged, in this process or the next. Thread-safe; one instance can upload many files at once.
/// </summary>
public sealed class BuildPeerClient : IDisposable
{
    private readonly HttpClient _gateway;
    private readonly HttpClient _storage;
    private readonly bool _ownsClients;
    private readonly UploadServices _services;

    /// <summary>A client with HTTP connections of its own.</summary>
    public BuildPeerClient(BuildPeerClientOptions options)
        : this(options, NewHttpClient(), NewHttpClient(), ownsClients: true)
    {
    }

    /// <summary>
    /// A client on HTTP clients the caller owns (from IHttpClientFactory, or with a proxy for storage traffic).
    /// Their <see cref="HttpClient.Timeout"/> should be infinite: the client applies its own per-attempt limits, and
    /// the event stream stays open as long as processing takes.
    /// </summary>
    /// <param name="options">Where and who.</param>
    /// <param name="gateway">For calls to the gateway (its base address is not used).</param>
    /// <param name="storage">For the PUTs to presigned storage URLs; never sends the gateway's credentials.</param>
    public BuildPeerClient(BuildPeerClientOptions options, HttpClient gateway, HttpClient storage)
        : this(options, gateway, storage, ownsClients: false)
    {
    }

    private BuildPeerClient(BuildPeerClientOptions options, HttpClient gateway, HttpClient storage, bool ownsClients)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(storage);
        options.Validate();
        _gateway = gateway;
        _storage = storage;
        _ownsClients = ownsClients;
        var retry = RetryPolicy.From(options);
        var api = new GatewayApi(gateway, options, retry);
        _services = new UploadServices(options, api, new StorageSender(storage, options.PartTimeout),
            new UploadStateStore(options.StateDirectory), retry, new TerminalStateWaiter(api, options, retry));
    }

    /// <summary>
    /// Uploads <paramref name="path"/> to <paramref name="projectId"/>, continuing an interrupted upload of the same
    /// unchanged file if there is one. If this is cancelled or fails, the resume state stays: calling again (in this
    /// process or another) sends only the parts storage has not acknowledged.
    /// </summary>
    /// <exception cref="BuildPeerException">The gateway refused (quota, file type, access), or the transfer failed
    /// after every retry (<see cref="BuildPeerException.IsTransient"/>).</exception>
    public Task<UploadResult> UploadFileAsync(string path, string projectId, UploadOptions? options = null,
        IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        return new FileUploadRun(_services, FileIdentity.Of(path), projectId, options ?? new UploadOptions(), progress)
            .RunAsync(cancellationToken);
    }

    /// <summary>Uploads started with this gateway and tenant on this machine that did not finish, oldest first.</summary>
    public IReadOnlyList<InterruptedUpload> GetInterruptedUploads() => [.. _services.Store.LoadAll()
        .Where(state => state.GatewayUrl == _services.Options.GatewayUrl && state.TenantId == _services.Options.TenantId)
        .Select(state => state.ToInterruptedUpload())];

    /// <summary>Finishes an interrupted upload (if its file changed since, the file is uploaded afresh).</summary>
    public Task<UploadResult> ResumeAsync(InterruptedUpload upload, UploadOptions? options = null,
        IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var resume = new UploadOptions
        {
            FileName = options?.FileName ?? upload.FileName,
            ContentType = options?.ContentType,
            WaitForTerminalState = options?.WaitForTerminalState ?? true,
            ComputeChecksum = options?.ComputeChecksum ?? true,
            Resume = true,
        };
        return UploadFileAsync(upload.FilePath, upload.ProjectId, resume, progress, cancellationToken);
    }

    /// <summary>Gives an interrupted upload up: the gateway aborts it (releasing its quota) and its state is deleted.</summary>
    public async Task DiscardAsync(InterruptedUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (upload.UploadId is { } uploadId)
        {
            try
            {
                await _services.Api.AbortAsync(uploadId, cancellationToken);
            }
            catch (BuildPeerException exception) when (exception.StatusCode is 404 or 409)
            {
                // Already gone, or already past pending: nothing left to abort.
            }
        }

        _services.Store.Delete(upload.StateKey);
    }

    /// <summary>An upload's status (<c>GET /api/uploads/{id}/status</c>).</summary>
    public async Task<UploadStatus> GetStatusAsync(Guid uploadId, CancellationToken cancellationToken = default) =>
        (await _services.Api.GetStatusAsync(uploadId, cancellationToken)).ToStatus();

    /// <summary>An upload's whole record, with what processing found.</summary>
    public async Task<UploadDetails> GetUploadAsync(Guid uploadId, CancellationToken cancellationToken = default) =>
        (await _services.Api.GetUploadAsync(uploadId, cancellationToken)).ToDetails();

    /// <summary>A page of a project's uploads, newest first.</summary>
    public async Task<UploadPage> ListAsync(string projectId, ListUploadsOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        return (await _services.Api.ListAsync(projectId, options ?? new ListUploadsOptions(), cancellationToken)).ToPage();
    }

    /// <summary>
    /// Waits until the upload is COMPLETED, FAILED, QUARANTINED, EXPIRED or ABORTED: pushed by the gateway's event
    /// stream, or polled when the gateway has none.
    /// </summary>
    public Task<UploadStatus> WaitForTerminalAsync(Guid uploadId, CancellationToken cancellationToken = default) =>
        _services.Waiter.WaitAsync(uploadId, cancellationToken);

    /// <summary>Gives a pending upload up; storage is cleaned and the quota released.</summary>
    public async Task<UploadStatus> AbortAsync(Guid uploadId, CancellationToken cancellationToken = default) =>
        (await _services.Api.AbortAsync(uploadId, cancellationToken)).ToStatus();

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClients)
        {
            _gateway.Dispose();
            _storage.Dispose();
        }
    }

    private static HttpClient NewHttpClient() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
