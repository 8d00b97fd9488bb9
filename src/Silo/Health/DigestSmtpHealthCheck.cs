using System.Net.Sockets;
using BuildPeer.Grains.Digests;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BuildPeer.Silo.Health;

/// <summary>
/// The digest's SMTP server takes a session: connect (with TLS when configured), EHLO, the login when one is
/// configured, and NOOP, each within Digest:SmtpTimeout. The answer is kept for <see cref="CacheFor"/>, so probes
/// every few seconds from each pod do not become a load on the relay (or a login storm), and a probe that gives up
/// first still leaves the session to finish and be remembered. Registered only while the digest is enabled.
/// </summary>
public sealed class DigestSmtpHealthCheck(DigestMailer mailer, IOptions<DigestOptions> options, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private Task<SmtpProbe>? _probe;
    private DateTimeOffset _probeStarted;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = await CurrentProbe().WaitAsync(cancellationToken);
        return probe.Answered
            ? HealthCheckResult.Healthy(probe.Description)
            : new HealthCheckResult(context.Registration.FailureStatus, probe.Description);
    }

    private Task<SmtpProbe> CurrentProbe()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_probe is null || (_probe.IsCompleted && now - _probeStarted >= CacheFor))
            {
                _probeStarted = now;
                _probe = ProbeAsync();
            }

            return _probe;
        }
    }

    private async Task<SmtpProbe> ProbeAsync()
    {
        var settings = options.Value;
        var server = $"SMTP server {settings.SmtpHost}:{settings.SmtpPort}";
        using var timeout = new CancellationTokenSource(settings.SmtpTimeout, time);
        try
        {
            await using var session = await mailer.ConnectAsync(timeout.Token);
            await session.NoOpAsync(timeout.Token);
            return new SmtpProbe(true, $"{server} answered EHLO and NOOP: digests can be mailed.");
        }
        catch (Exception exception) when (Failure(exception, settings.SmtpTimeout) is { } failure)
        {
            return new SmtpProbe(false, $"{server} {failure}: digests wait and are tried again next period.");
        }
    }

    /// <summary>What went wrong, in words an operator can act on; null for an exception no SMTP session throws.</summary>
    private static string? Failure(Exception exception, TimeSpan timeout) => exception switch
    {
        OperationCanceledException or TimeoutException => $"did not answer within {timeout.TotalSeconds:0.#} s",
        SocketException socket => $"is unreachable ({socket.SocketErrorCode})",
        SslHandshakeException => "failed the TLS handshake",
        AuthenticationException => "refused the login (Digest:Username, Digest:Password)",
        SmtpCommandException command => $"refused a command ({(int)command.StatusCode} {command.Message.Trim()})",
        NotSupportedException => $"does not offer what is configured ({exception.Message.Trim()})",
        SmtpProtocolException or ProtocolException or IOException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            => $"broke off the session ({exception.Message.Trim()})",
        _ => null,
    };

    private sealed record SmtpProbe(bool Answered, string Description);
}
