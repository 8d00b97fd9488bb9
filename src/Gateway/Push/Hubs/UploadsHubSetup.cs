using BuildPeer.Gateway.Auth;
namespace BuildPeer.Gateway.Push.Hubs;

public static class UploadsHubSetup
{
    /// <summary>
    /// Hub arguments are ids: a few hundred bytes. The framework's 32 KB default would let every client make the
    /// gateway buffer and parse 32 KB per message for nothing.
    /// </summary>
    public const int MaxMessageBytes = 4 * 1024;

    /// <summary>
    /// Request logging writes the query string, where hub clients put their token (<see cref="HubRequest"/>): those
    /// lines stay off whatever the configured levels say.
    /// </summary>
    public const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IServiceCollection AddUploadsHub(this IServiceCollection services)
    {
        services.AddSignalR(hub =>
        {
            hub.MaximumReceiveMessageSize = MaxMessageBytes;
            hub.EnableDetailedErrors = false;
        });
        services.AddLogging(logging => logging.AddFilter(RequestLogCategory, LogLevel.Warning));
        return services;
    }

    public static IEndpointRouteBuilder MapUploadsHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<UploadsHub>(HubRequest.Path)
            .RequireAuthorization(AuthenticationSetup.TenantMemberPolicy);
        return app;
    }
}
