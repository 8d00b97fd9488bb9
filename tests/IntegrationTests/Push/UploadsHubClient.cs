using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Push.Hubs;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.AspNetCore.SignalR.Client;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>
/// A SignalR client of the uploads hub as a browser connects: token and tenant in the query string. It records
/// <c>upload:status</c> like an event stream's messages, the terminal events by name, and lost access.
/// </summary>
public sealed class UploadsHubClient : IAsyncDisposable
{
    private readonly Channel<JsonElement> _accessLost = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private UploadsHubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<JsonElement>(HubEvents.Status, body => Status.Add(Received(body)));
        foreach (var terminal in new[] { HubEvents.Completed, HubEvents.Failed, HubEvents.Quarantined })
        {
            connection.On<JsonElement>(terminal, body => Terminal.Enqueue((terminal, Received(body))));
        }

        connection.On<JsonElement>(HubEvents.AccessLost, body => _accessLost.Writer.TryWrite(body));
        connection.Closed += exception =>
        {
            _closed.TrySetResult(exception);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    /// <summary>Every <c>upload:status</c>, in order.</summary>
    public StatusEventQueue Status { get; } = new("the hub connection closed");

    /// <summary>Every <c>upload:completed</c>, <c>upload:failed</c> and <c>upload:quarantined</c>, with its name.</summary>
    public ConcurrentQueue<(string Name, StatusEvent Body)> Terminal { get; } = new();

    /// <summary>Completes, with the server's error if any, when the connection closes for good.</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>
    /// Connects to the hub at <paramref name="gateway"/> as <paramref name="userId"/> acting in
    /// <paramref name="tenantId"/>; <paramref name="configure"/> adds options such as automatic reconnects.
    /// </summary>
    public static UploadsHubClient Create(Uri gateway, string token, string tenantId, Action<IHubConnectionBuilder>? configure = null)
    {
        var address = new Uri(gateway, $"{HubRequest.Path.TrimStart('/')}?{HubRequest.TenantParameter}={Uri.EscapeDataString(tenantId)}" +
            $"&{HubRequest.TokenParameter}={Uri.EscapeDataString(token)}");
        var builder = new HubConnectionBuilder().WithUrl(address);
        configure?.Invoke(builder);
        return new UploadsHubClient(builder.Build());
    }

    public static async Task<UploadsHubClient> ConnectAsync(ServiceHostsFixture hosts, int gateway, string userId, string tenantId, params string[] tokenTenants)
    {
        var client = Create(hosts.GatewayAddresses[gateway], Token(hosts, userId, tenantId, tokenTenants), tenantId);
        await client.Connection.StartAsync();
        return client;
    }

    public static string Token(ServiceHostsFixture hosts, string userId, string tenantId, params string[] tokenTenants) =>
        hosts.Tokens.Issue(userId, tokenTenants.Length > 0 ? tokenTenants : [tenantId], "uploader", TimeSpan.FromMinutes(10));

    public Task JoinProjectAsync(string projectId) => Connection.InvokeAsync(nameof(UploadsHub.JoinProject), projectId);

    public Task LeaveProjectAsync(string projectId) => Connection.InvokeAsync(nameof(UploadsHub.LeaveProject), projectId);

    public Task JoinUploadAsync(string uploadId) => Connection.InvokeAsync(nameof(UploadsHub.JoinUpload), uploadId);

    /// <summary>The next <c>upload:access-lost</c> body, within <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> AccessLostAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        return await _accessLost.Reader.ReadAsync(deadline.Token);
    }

    /// <summary>The stable code at the start of a refusal's message ("…HubException: {code}: {title}").</summary>
    public static string CodeOf(Exception refusal)
    {
        const string Marker = "HubException: ";
        var message = refusal.Message;
        var start = message.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"not a hub refusal: {message}");
        var code = message[(start + Marker.Length)..];
        return code[..code.IndexOf(':', StringComparison.Ordinal)];
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private static StatusEvent Received(JsonElement body) =>
        new($"{body.GetProperty("uploadId").GetGuid():D}:{body.GetProperty("version").GetInt32()}", body.Clone(), DateTimeOffset.UtcNow);
}
