using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BuildPeer.Grains.Digests;

/// <summary>
/// SMTP for digests (MailKit). Connecting and logging in is a step of its own: a failure there has handed nothing to
/// the server, so the caller knows no mail went out; a failure after <see cref="DigestMailConnection.SendAsync"/>
/// began may or may not have delivered it.
/// </summary>
public sealed class DigestMailer(IOptions<DigestOptions> options)
{
    private const int ImplicitTlsPort = 465;

    /// <summary>The configured sender (validated at start-up whenever the digest is enabled).</summary>
    public MailboxAddress From => MailboxAddress.Parse(options.Value.From ?? string.Empty);

    /// <summary>An open, logged-in connection to the configured server.</summary>
    public async Task<DigestMailConnection> ConnectAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var client = new SmtpClient { Timeout = (int)settings.SmtpTimeout.TotalMilliseconds };
        try
        {
            var security = !settings.UseStartTls ? SecureSocketOptions.None
                : settings.SmtpPort == ImplicitTlsPort ? SecureSocketOptions.SslOnConnect
                : SecureSocketOptions.StartTls;
            await client.ConnectAsync(settings.SmtpHost ?? string.Empty, settings.SmtpPort, security, ct);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? string.Empty, ct);
            }

            return new DigestMailConnection(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}

/// <summary>One SMTP session; disposing it says goodbye to the server (QUIT) when it still can.</summary>
public sealed class DigestMailConnection : IAsyncDisposable
{
    private readonly SmtpClient _client;

    internal DigestMailConnection(SmtpClient client) => _client = client;

    /// <summary>Returns once the server accepted <paramref name="message"/> (its 250 reply to the data).</summary>
    public Task SendAsync(MimeMessage message, CancellationToken ct) => _client.SendAsync(message, ct);

    /// <summary>Asks the server to answer without doing anything (a NOOP): proves the session is alive.</summary>
    public Task NoOpAsync(CancellationToken ct) => _client.NoOpAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is IOException or MailKit.ProtocolException or MailKit.CommandException
            or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The server went away first: nothing was left to say.
        }
        finally
        {
            _client.Dispose();
        }
    }
}
