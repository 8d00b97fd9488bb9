using BuildPeer.Gateway.ApiReference;
using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Browser;
using BuildPeer.Gateway.Devices;
using BuildPeer.Gateway.Operations;
using BuildPeer.Gateway.Uploads.StatusCache;
using BuildPeer.Gateway.Problems;
using BuildPeer.Gateway.Projects;
using BuildPeer.Gateway.Push;
using BuildPeer.Gateway.Push.Hubs;
using BuildPeer.Gateway.RateLimiting;
using BuildPeer.Gateway.Uploads;
using BuildPeer.ServiceDefaults;
using BuildPeer.ServiceDefaults.Health;
using BuildPeer.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Gateway.Hosting;

public static class GatewayApplication
{
    public const string ServiceName = "buildpeer-gateway";

    /// <summary>The whole gateway; <paramref name="configure"/> lets tests override settings before it is built.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddClusterClient();
        builder.AddBuildPeerTelemetry(ServiceName);
        builder.Services.AddGatewayProblemDetails();
        builder.Services.AddGatewayAuthentication();
        builder.Services.AddUploadRateLimits();
        builder.Services.AddGatewayOpenApi();
        builder.Services.AddDefaultHealthChecks()
            .AddReadinessCheck<ClusterHealthCheck>(HealthCheckNames.Cluster, HealthStatus.Unhealthy);
        builder.Services.AddRedis();
        builder.Services.AddValidatedOptions<UploadStatusCacheOptions>(UploadStatusCacheOptions.SectionName);
        builder.Services.AddSingleton<UploadStatusCache>();
        builder.Services.AddPush();
        builder.Services.AddUploadsHub();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAdminPage();
        app.UseUploaderPage();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseUploadLogScope();
        app.MapApiReference();
        app.MapDefaultHealthEndpoints();
        app.MapBuildPeerMetrics();
        app.MapUploadsApi();
        app.MapProjectsApi();
        app.MapProjectUploadsApi();
        app.MapOperationsApi();
        app.MapPushApi();
        app.MapDevicesApi();
        app.MapUploadsHub();
        app.MapDevTokenApi();
        return app;
    }
}
