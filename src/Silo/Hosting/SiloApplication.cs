using BuildPeer.ServiceDefaults;

namespace BuildPeer.Silo.Hosting;

public static class SiloApplication
{
    /// <summary>The whole silo host; <paramref name="configure"/> lets tests override settings before it is built.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddBuildPeerSilo();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultHealthEndpoints();
        return app;
    }
}
