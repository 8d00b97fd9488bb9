using System.Net;
using System.Net.Sockets;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>
/// A TCP relay in front of the stack's real clamd that a test can switch: <see cref="RelayMode.Down"/> refuses
/// connections (clamd stopped), <see cref="RelayMode.Stall"/> accepts and holds them (clamd hanging mid-scan),
/// <see cref="RelayMode.Pass"/> forwards. Lets a test take "the scanner" away from its own silos without stopping
/// the clamd every other test uses.
/// </summary>
public sealed class ScannerRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;
    private volatile RelayMode _mode;

    public ScannerRelay(RelayMode mode)
    {
        _mode = mode;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections { get; private set; }

    public void Switch(RelayMode mode)
    {
        if (mode == RelayMode.Stall && _mode != RelayMode.Stall)
        {
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _mode = mode;
        if (mode != RelayMode.Stall)
        {
            _released.TrySetResult();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Connections++;
            if (_mode == RelayMode.Down)
            {
                // Closed before a byte is read: to the scanner client this is clamd gone.
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            if (_mode == RelayMode.Stall)
            {
                await Volatile.Read(ref _released).Task.WaitAsync(_stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            using var clamd = new TcpClient();
            try
            {
                await clamd.ConnectAsync(LocalStack.Get("Clamd__Host"), int.Parse(LocalStack.Get("Clamd__Port"), System.Globalization.CultureInfo.InvariantCulture), _stop.Token);
                var toClamd = client.GetStream().CopyToAsync(clamd.GetStream(), _stop.Token);
                var fromClamd = clamd.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                await Task.WhenAny(toClamd, fromClamd);
                await fromClamd;
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Either side went away; the scanner client reports what it saw.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

public enum RelayMode
{
    Down,
    Stall,
    Pass,
}
