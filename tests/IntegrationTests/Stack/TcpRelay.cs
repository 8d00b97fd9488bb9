using System.Net;
using System.Net.Sockets;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>
/// A TCP relay in front of one of the stack's real services that a test can switch: <see cref="RelayMode.Down"/>
/// refuses connections (the service stopped), <see cref="RelayMode.Stall"/> accepts and holds them (the service
/// hanging), <see cref="RelayMode.Pass"/> forwards. Lets a test take a dependency away from its own hosts without
/// stopping the service every other test uses.
/// </summary>
public class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;
    private readonly Func<(string Host, int Port)> _target;
    private readonly List<TcpClient> _open = [];
    private volatile RelayMode _mode;

    public TcpRelay(RelayMode mode, Func<(string Host, int Port)> target)
    {
        _mode = mode;
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections { get; private set; }

    /// <summary>
    /// Changes what new connections meet; with <paramref name="cutOpenConnections"/> the connections already relayed
    /// are reset too, as when a service with pooled clients (Redis, PostgreSQL) goes away.
    /// </summary>
    public void Switch(RelayMode mode, bool cutOpenConnections = false)
    {
        if (cutOpenConnections)
        {
            lock (_open)
            {
                foreach (var open in _open)
                {
                    open.Client.LingerState = new LingerOption(true, 0);
                    open.Dispose();
                }

                _open.Clear();
            }
        }

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
                // Closed before a byte is read: to the client this is the service gone.
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        lock (_open)
        {
            _open.Add(client);
        }

        using (client)
        {
            if (_mode == RelayMode.Stall)
            {
                await Volatile.Read(ref _released).Task.WaitAsync(_stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            using var service = new TcpClient();
            try
            {
                var (host, port) = _target();
                await service.ConnectAsync(host, port, _stop.Token);
                var toClamd = client.GetStream().CopyToAsync(service.GetStream(), _stop.Token);
                var fromClamd = service.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                await Task.WhenAny(toClamd, fromClamd);
                await fromClamd;
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Either side went away; the client reports what it saw.
            }
            finally
            {
                lock (_open)
                {
                    _open.Remove(client);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}

public enum RelayMode
{
    Down,
    Stall,
    Pass,
}
