using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BuildPeer.Client.Gateway.Wire;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Gateway;

/// <summary>
/// The gateway's HTTP API, one method per endpoint. Transient failures are retried here (every call is safe to
/// repeat: initiate carries an Idempotency-Key, completion is idempotent); refusals become
/// <see cref="BuildPeerException"/> with the problem's <c>code</c>.
/// </summary>
internal sealed class GatewayApi(HttpClient http, BuildPeerClientOptions options, RetryPolicy retry)
{
    public const string TenantHeader = "X-Tenant-ID";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly ClientJsonContext Json = ClientJsonContext.Default;
    private readonly Uri _base = WithTrailingSlash(options.GatewayUrl);

    public async Task<InitiatedUploadWire> InitiateAsync(
        string projectId, InitiateFileWire file, string idempotencyKey, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Post, "api/uploads/initiate",
            () => JsonContent.Create(new InitiateRequestWire(projectId, [file]), Json.InitiateRequestWire),
            Json.InitiateResponseWire, cancellationToken, idempotencyKey);
        return response.Uploads is [{ } upload] ? upload : throw Unexpected("initiate did not answer exactly one upload");
    }

    public Task<UploadStatusWire> CompleteAsync(Guid uploadId, IReadOnlyList<CompletedPartWire> parts, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/uploads/{uploadId}/complete",
            () => JsonContent.Create(new CompleteRequestWire(parts), Json.CompleteRequestWire), Json.UploadStatusWire, cancellationToken);

    public Task<PartUrlsResponseWire> RefreshPartsAsync(Guid uploadId, IReadOnlyList<int> partNumbers, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/uploads/{uploadId}/parts",
            () => JsonContent.Create(new PartUrlsRequestWire(partNumbers), Json.PartUrlsRequestWire), Json.PartUrlsResponseWire, cancellationToken);

    public Task<UploadStatusWire> AbortAsync(Guid uploadId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/uploads/{uploadId}/abort", null, Json.UploadStatusWire, cancellationToken);

    public Task<UploadStatusWire> GetStatusAsync(Guid uploadId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"api/uploads/{uploadId}/status", null, Json.UploadStatusWire, cancellationToken);

    public Task<UploadDetailsWire> GetUploadAsync(Guid uploadId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"api/uploads/{uploadId}", null, Json.UploadDetailsWire, cancellationToken);

    public Task<ProjectUploadsWire> ListAsync(string projectId, ListUploadsOptions query, CancellationToken cancellationToken)
    {
        var parameters = new List<string>();
        if (query.State is { } state)
        {
            parameters.Add($"status={state.ToWireName()}");
        }

        if (query.Limit is { } limit)
        {
            parameters.Add(string.Create(CultureInfo.InvariantCulture, $"limit={limit}"));
        }

        if (query.Cursor is { } cursor)
        {
            parameters.Add($"cursor={Uri.EscapeDataString(cursor)}");
        }

        var path = $"api/projects/{Uri.EscapeDataString(projectId)}/uploads" + (parameters.Count > 0 ? "?" + string.Join('&', parameters) : "");
        return SendAsync(HttpMethod.Get, path, null, Json.ProjectUploadsWire, cancellationToken);
    }

    /// <summary>
    /// Opens the upload's event stream (PUSH-CONTRACT) and returns the response as soon as its headers arrive; the
    /// caller reads the body as it comes and disposes it. No time limit: the stream is meant to stay open.
    /// </summary>
    public async Task<HttpResponseMessage> OpenEventsAsync(Guid uploadId, CancellationToken cancellationToken)
    {
        using var request = await CreateRequestAsync(HttpMethod.Get, $"api/uploads/{uploadId}/events", cancellationToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, Func<HttpContent>? content, JsonTypeInfo<T> type,
        CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        for (var failures = 1; ; failures++)
        {
            Exception failure;
            try
            {
                using var request = await CreateRequestAsync(method, path, cancellationToken);
                request.Content = content?.Invoke();
                if (idempotencyKey is not null)
                {
                    request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
                }

                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(options.RequestTimeout);
                using var response = await http.SendAsync(request, attempt.Token);
                if (response.IsSuccessStatusCode)
                {
                    return await ReadAsync(response, type, attempt.Token);
                }

                var problem = await ProblemReader.ReadAsync(response, attempt.Token);
                if (!RetryPolicy.IsTransient(response.StatusCode))
                {
                    throw problem;
                }

                failure = problem;
            }
            catch (Exception exception) when (RetryPolicy.IsTransient(exception, cancellationToken))
            {
                failure = exception;
            }

            if (failures > retry.MaxRetries)
            {
                throw failure as BuildPeerException ?? new BuildPeerException(ErrorCodes.GatewayUnavailable,
                    "The gateway could not be reached.", failure.Message, innerException: failure);
            }

            await retry.WaitBeforeAsync(failures, cancellationToken);
        }
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(_base, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await options.AccessTokenProvider(cancellationToken));
        request.Headers.Add(TenantHeader, options.TenantId);
        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                ?? throw Unexpected($"{response.RequestMessage?.RequestUri?.AbsolutePath} answered an empty body");
        }
        catch (JsonException exception)
        {
            throw Unexpected($"{response.RequestMessage?.RequestUri?.AbsolutePath} answered JSON of another shape: {exception.Message}");
        }
    }

    private static BuildPeerException Unexpected(string detail) =>
        new(ErrorCodes.UnexpectedResponse, "The gateway answered something unexpected.", detail);

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
