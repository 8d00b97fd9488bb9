using BuildPeer.Grains.MobilePush;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BuildPeer.Silo.Health;

/// <summary>
/// Push can send: the service account's key file is readable and its token endpoint hands out an access token. The
/// result is kept for <see cref="CacheFor"/> (and the token itself until it nears expiry), so probes do not call
/// Google each time.
/// </summary>
public sealed class MobilePushHealthCheck(FcmAccessTokens tokens, IOptions<MobilePushOptions> options, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_last is { } last && time.GetUtcNow() - last.At < CacheFor)
        {
            return last.Result;
        }

        var result = await ProbeAsync(context.Registration.FailureStatus, cancellationToken);
        _last = (result, time.GetUtcNow());
        return result;
    }

    private async Task<HealthCheckResult> ProbeAsync(HealthStatus failureStatus, CancellationToken cancellationToken)
    {
        var path = options.Value.CredentialsFile;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return new HealthCheckResult(failureStatus, $"The service account key {path} (MobilePush:CredentialsFile) does not exist.");
        }

        try
        {
            await tokens.GetAsync(cancellationToken);
            return HealthCheckResult.Healthy("An FCM access token is at hand.");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new HealthCheckResult(failureStatus, $"No FCM access token: the service account key is unreadable or its token endpoint refuses it ({exception.GetType().Name}: {exception.Message}).", exception);
        }
    }
}
