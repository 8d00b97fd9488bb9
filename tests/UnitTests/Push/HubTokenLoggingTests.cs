using BuildPeer.Gateway.Hosting;
using BuildPeer.Gateway.Push.Hubs;
using BuildPeer.UnitTests.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildPeer.UnitTests.Push;

public class HubTokenLoggingTests
{
    [Fact]
    public async Task Request_lines_which_carry_a_hub_clients_token_are_not_logged_even_at_the_most_verbose_levels()
    {
        await using var app = GatewayApplication.Build([], builder => builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>(StartupValidationTests.ValidGateway)
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                [$"Logging:LogLevel:{UploadsHubSetup.RequestLogCategory}"] = "Trace",
            }));

        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger(UploadsHubSetup.RequestLogCategory).IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger(UploadsHubSetup.RequestLogCategory).IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.SignalR").IsEnabled(LogLevel.Debug));
    }
}
