using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.MobilePush;

/// <summary>
/// Sends one message through FCM HTTP v1 (<c>POST {Endpoint}v1/projects/{ProjectId}/messages:send</c>), retrying a
/// throttled or failed send after FCM's Retry-After (or a doubling backoff) up to
/// <see cref="MobilePushOptions.MaxAttempts"/>, and sending once more with a new access token when FCM refuses the
/// cached one. The answer it ends with says what became of the message.
/// </summary>
public sealed class FcmSender(
    IHttpClientFactory httpClients,
    FcmAccessTokens tokens,
    IOptions<MobilePushOptions> options,
    TimeProvider time)
{
    public const string HttpClientName = "fcm";

    public async Task<FcmAnswer> SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var refreshed = false;
        var refreshNow = false;
        var attempt = 0;
        while (true)
        {
            attempt++;
            var accessToken = refreshNow ? await tokens.RefreshAsync(cancellationToken) : await tokens.GetAsync(cancellationToken);
            refreshNow = false;
            var answer = await SendOnceAsync(message, accessToken, cancellationToken);
            if (answer.Outcome == FcmOutcome.Unauthorized && !refreshed)
            {
                // Revoked or expired early: one new token, and that attempt does not count.
                refreshed = refreshNow = true;
                attempt--;
                continue;
            }

            if (answer.Outcome != FcmOutcome.Retry || attempt >= settings.MaxAttempts)
            {
                return answer;
            }

            var delay = answer.RetryAfter ?? settings.RetryBaseDelay * Math.Pow(2, attempt - 1);
            if (delay > settings.MaxRetryDelay)
            {
                // FCM asks for longer than a message should be held: SQS brings it back later.
                return answer;
            }

            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private async Task<FcmAnswer> SendOnceAsync(JsonObject message, string accessToken, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Endpoint, $"v1/projects/{settings.ProjectId}/messages:send"))
        {
            Content = new StringContent(message.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return FcmAnswer.Classify(response.StatusCode, body, response.Headers.RetryAfter, time.GetUtcNow());
        }
        catch (Exception exception) when (exception is HttpRequestException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // FCM unreachable or too slow: as retryable as a 503, without a Retry-After.
            return new FcmAnswer(FcmOutcome.Retry, HttpStatusCode.ServiceUnavailable, null, null);
        }
    }
}
