using BuildPeer.ServiceDefaults;
using Orleans.Dashboard;

namespace BuildPeer.Silo.Dashboard;

/// <summary>The Orleans dashboard (grains, silos, call rates, reminders) on the silo, behind operator authentication.</summary>
public static partial class OperatorDashboard
{
    public const string OperatorPolicy = "DashboardOperator";

    /// <summary>Reads the settings as configured when called, so call it after every configuration source is added.</summary>
    public static WebApplicationBuilder AddOperatorDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<OperatorDashboardSettings>(OperatorDashboardSettings.SectionName);
        if (!IsServed(builder.Configuration, builder.Environment))
        {
            return builder;
        }

        builder.UseOrleans(silo => silo.AddDashboard());
        builder.Services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BasicAuthenticationHandler>(
                BasicAuthenticationHandler.SchemeName, _ => { });
        builder.Services.AddAuthorizationBuilder().AddPolicy(OperatorPolicy, policy => policy
            .AddAuthenticationSchemes(BasicAuthenticationHandler.SchemeName)
            .RequireRole(BasicAuthenticationHandler.OperatorRole));
        return builder;
    }

    public static WebApplication MapOperatorDashboard(this WebApplication app)
    {
        var settings = Settings(app.Configuration);
        if (!IsServed(app.Configuration, app.Environment))
        {
            if (settings.Enabled)
            {
                LogNotServed(app.Logger);
            }

            return app;
        }

        var dashboard = app.MapOrleansDashboard(routePrefix: settings.Path);
        if (settings.HasCredentials)
        {
            dashboard.RequireAuthorization(OperatorPolicy);
        }

        return app;
    }

    private static bool IsServed(IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = Settings(configuration);
        return settings.Enabled && (settings.HasCredentials || environment.IsDevelopment());
    }

    private static OperatorDashboardSettings Settings(IConfiguration configuration) =>
        configuration.GetSection(OperatorDashboardSettings.SectionName).Get<OperatorDashboardSettings>() ?? new();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Orleans dashboard is not served: outside Development it needs Dashboard:Username and Dashboard:Password")]
    private static partial void LogNotServed(ILogger logger);
}
