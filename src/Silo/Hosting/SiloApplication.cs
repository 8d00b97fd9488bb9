using BuildPeer.ServiceDefaults;
using BuildPeer.ServiceDefaults.Telemetry;
using BuildPeer.Silo.Dashboard;

namespace BuildPeer.Silo.Hosting;

public static class SiloApplication
{
    public const string ServiceName = "buildpeer-silo";

    /// <summary>The whole silo host; <paramref name="configure"/> lets tests override settings before it is built.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddBuildPeerSilo();
        builder.AddBuildPeerTelemetry(ServiceName);
        configure?.Invoke(builder);
        builder.AddOperatorDashboard();

        var app = builder.Build();
        app.MapDefaultHealthEndpoints();
        app.MapBuildPeerMetrics();
        app.MapOperatorDashboard();
        return app;
    }
}
