using BuildPeer.Grains.Digests;
using BuildPeer.ServiceDefaults;
using BuildPeer.ServiceDefaults.Health;
using BuildPeer.Silo.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.IntegrationTests.Digest;

/// <summary>The silo's readiness check of the digest's SMTP server, against a real one (aiosmtpd) of its own.</summary>
public sealed class DigestSmtpHealthCheckTests : IDisposable
{
    private readonly SmtpSink _mail = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_server_that_takes_a_session_is_healthy_and_named()
    {
        var result = await CheckAsync(Check());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal($"SMTP server 127.0.0.1:{_mail.Port} answered EHLO and NOOP: digests can be mailed.", result.Description);
    }

    [Fact]
    public async Task A_server_that_refuses_connections_fails_with_its_address_and_the_reason()
    {
        _mail.Stop();

        var result = await CheckAsync(Check());

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.StartsWith($"SMTP server 127.0.0.1:{_mail.Port} is unreachable (ConnectionRefused)", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_without_the_configured_starttls_fails_naming_what_it_lacks()
    {
        var result = await CheckAsync(Check(options => options.UseStartTls = true));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("does not offer what is configured", result.Description, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_the_server_does_not_offer_fails_naming_it()
    {
        var result = await CheckAsync(Check(options => (options.Username, options.Password) = ("digest", "secret")));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("authentication", result.Description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_answer_is_kept_for_thirty_seconds_then_the_server_is_asked_again()
    {
        var check = Check();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
        _mail.Stop();

        _time.Advance(DigestSmtpHealthCheck.CacheFor - TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(check)).Status);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void The_check_is_a_readiness_check_only_while_the_digest_is_enabled(string? enabled, bool registered)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(enabled is null ? [] : [new("Digest:Enabled", enabled)])
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSiloHealthChecks();
        using var provider = services.BuildServiceProvider();

        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var digest = registrations.SingleOrDefault(registration => registration.Name == HealthCheckNames.DigestSmtp);
        Assert.Equal(registered, digest is not null);
        if (digest is not null)
        {
            Assert.Equal(HealthStatus.Degraded, digest.FailureStatus);
            Assert.Equal(registrations.Single(registration => registration.Name == HealthCheckNames.Clamd).Tags, digest.Tags);
        }
    }

    public void Dispose() => _mail.Dispose();

    private DigestSmtpHealthCheck Check(Action<DigestOptions>? configure = null)
    {
        var options = new DigestOptions
        {
            Enabled = true,
            SmtpHost = "127.0.0.1",
            SmtpPort = _mail.Port,
            UseStartTls = false,
            SmtpTimeout = TimeSpan.FromSeconds(5),
            From = "BuildPeer <digest@buildpeer.test>",
        };
        configure?.Invoke(options);
        var wrapped = Options.Create(options);
        return new DigestSmtpHealthCheck(new DigestMailer(wrapped), wrapped, _time);
    }

    private static Task<HealthCheckResult> CheckAsync(DigestSmtpHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration(HealthCheckNames.DigestSmtp, check, HealthStatus.Degraded, [HealthEndpoints.ReadyTag]),
        });
}
