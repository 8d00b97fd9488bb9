using System.Diagnostics;
using System.Net.Sockets;
using BuildPeer.IntegrationTests.Stack;
using MimeKit;

namespace BuildPeer.IntegrationTests.Digest;

/// <summary>
/// A real SMTP server for the digest tests: Debian's aiosmtpd (installed by scripts/stack.sh) on a free port, storing
/// every message in a Maildir of its own (digest_test_mailbox.py). Tests stop and start it to take "the mail server"
/// away, and can make it lose its replies.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly string _root;
    private Process? _server;

    public SmtpSink()
    {
        Port = FreePort.Next();
        _root = Directory.CreateTempSubdirectory("digest-mail-").FullName;
        // A folder that does not exist yet: aiosmtpd's Maildir creates its tmp/new/cur only when it makes the folder.
        MailDirectory = Path.Combine(_root, "maildir");
        Start();
    }

    public int Port { get; }

    public string MailDirectory { get; }

    /// <summary>Starts the server (again) on <see cref="Port"/> and returns once it accepts connections.</summary>
    public void Start()
    {
        if (_server is { HasExited: false })
        {
            return;
        }

        var start = new ProcessStartInfo(Python,
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "digest_test_mailbox.FlakyMailbox", MailDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PYTHONPATH"] = Path.Combine(LocalStack.RepositoryRoot, "tests", "IntegrationTests", "Digest");
        _server = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python} -m aiosmtpd.");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!Accepts())
        {
            if (_server.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"aiosmtpd did not listen on port {Port} (exited: {_server.HasExited}); is python3-aiosmtpd installed (scripts/stack.sh up)?");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Stops the server: connections are refused until <see cref="Start"/>.</summary>
    public void Stop()
    {
        if (_server is null)
        {
            return;
        }

        if (!_server.HasExited)
        {
            _server.Kill();
            _server.WaitForExit();
        }

        _server.Dispose();
        _server = null;
    }

    /// <summary>While on, each message is stored but answered 451, as if the server's acceptance were lost.</summary>
    public void LoseReplies(bool on)
    {
        var flag = Path.Combine(MailDirectory, "lose-replies");
        if (on)
        {
            File.WriteAllText(flag, string.Empty);
        }
        else
        {
            File.Delete(flag);
        }
    }

    /// <summary>The messages stored for <paramref name="address"/> so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> MessagesTo(string address)
    {
        var delivered = Path.Combine(MailDirectory, "new");
        if (!Directory.Exists(delivered))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(delivered)
            .Select(file => (File.GetLastWriteTimeUtc(file), Message: MimeMessage.Load(file)))
            .OrderBy(stored => stored.Item1)
            .Select(stored => stored.Message)
            .Where(message => message.To.Mailboxes.Any(mailbox => string.Equals(mailbox.Address, address, StringComparison.OrdinalIgnoreCase)))];
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(_root, recursive: true);
    }

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
