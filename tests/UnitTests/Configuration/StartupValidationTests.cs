using BuildPeer.Gateway.Hosting;
using BuildPeer.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Configuration;

/// <summary>A missing or wrong setting stops start-up with the setting's name, before anything connects anywhere.</summary>
public class StartupValidationTests
{
    /// <summary>Settings the gateway builds and starts with (it connects to nothing until asked).</summary>
    internal static readonly Dictionary<string, string?> ValidGateway = new()
    {
        ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x",
        ["ConnectionStrings:Redis"] = "127.0.0.1:1",
        ["Orleans:ClusterId"] = "c",
        ["Orleans:ServiceId"] = "s",
        ["Auth:Issuer"] = "buildpeer",
        ["Auth:Audience"] = "buildpeer-uploads",
        ["Auth:SigningKey"] = new string('k', 40),
        ["Auth:AllowSymmetricKey"] = "true",
        ["Urls"] = "http://127.0.0.1:0",
    };

    private static readonly Dictionary<string, string?> ValidSilo = new()
    {
        ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x",
        ["ConnectionStrings:Redis"] = "127.0.0.1:1",
        ["Orleans:ClusterId"] = "c",
        ["Orleans:ServiceId"] = "s",
        ["S3:BucketName"] = "buildpeer-uploads",
        ["Sqs:UploadEventsQueueName"] = "upload-events",
        ["AWS:Region"] = "eu-central-1",
        ["Urls"] = "http://127.0.0.1:0",
    };

    [Theory]
    [InlineData("Auth:SigningKey", "short", "Auth:SigningKey must be at least 32 bytes")]
    [InlineData("Auth:SigningKey", "", "Set exactly one of Auth:SigningKey")]
    [InlineData("Auth:Issuer", "", "Auth:Issuer is required")]
    [InlineData("ConnectionStrings:Postgres", "", "ConnectionStrings:Postgres is required")]
    [InlineData("Orleans:ClusterId", "", "Orleans:ClusterId is required")]
    [InlineData("ConnectionStrings:Redis", "", "ConnectionStrings:Redis is required")]
    [InlineData("Push:StreamBuffer", "1", "Push:StreamBuffer must be between 8 and 100000")]
    [InlineData("Auth:AllowSymmetricKey", "false", "refused outside Development")]
    [InlineData("Auth:SigningKey", "buildpeer-development-signing-key-not-for-production", "published or placeholder key")]
    [InlineData("RateLimits:PerUser:TokensPerPeriod", "0", "RateLimits:PerUser:TokensPerPeriod must be at least 1")]
    [InlineData("RateLimits:PerTenant:BurstSize", "1", "RateLimits:PerTenant:BurstSize must be at least TokensPerPeriod")]
    [InlineData("RateLimits:PerUser:Period", "00:00:00", "RateLimits:PerUser:Period must be between 10 ms and 1 day")]
    [InlineData("Push:AccessCheckInterval", "00:02:00", "Push:AccessCheckInterval must be between 100 ms and 1 minute")]
    [InlineData("Push:MaxStreamsPerUser", "0", "Push:MaxStreamsPerUser must be between 1 and 1000")]
    public async Task The_gateway_refuses_to_start_and_names_the_setting(string setting, string value, string message)
    {
        await using var app = GatewayApplication.Build([], builder => Override(builder, ValidGateway, setting, value));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("S3:BucketName", "", "S3:BucketName is required")]
    [InlineData("S3:BucketName", "Not_A_Bucket", "S3:BucketName is not a valid S3 bucket name")]
    [InlineData("Sqs:UploadEventsQueueName", "", "Sqs:UploadEventsQueueName is required")]
    [InlineData("Sqs:WaitTimeSeconds", "30", "Sqs:WaitTimeSeconds must be between 0 and 20")]
    [InlineData("Uploads:PresignedUrlLifetime", "30.00:00:00", "Uploads:PresignedUrlLifetime must be between")]
    [InlineData("Orleans:Endpoints:AdvertisedIPAddress", "silo-0", "AdvertisedIPAddress 'silo-0' is not an IP address")]
    [InlineData("ConnectionStrings:Postgres", "", "ConnectionStrings:Postgres is required")]
    [InlineData("Processing:MaxAttempts", "0", "Processing:MaxAttempts must be between 1 and 100")]
    [InlineData("Clamd:Port", "0", "Clamd:Port")]
    [InlineData("Clamd:MaxStreamBytes", "1048576", "must be at least Uploads:MaxFileSizeBytes")]
    [InlineData("Digest:Enabled", "true", "Digest:SmtpHost is required when Digest:Enabled is true")]
    [InlineData("Digest:Period", "00:00:00", "Digest:Period must be between 1 second and 7 days")]
    [InlineData("Feed:SubscriptionLease", "00:00:00", "Feed:SubscriptionLease must be between 1 second and 1 hour")]
    [InlineData("MobilePush:Enabled", "true", "MobilePush:ProjectId (the Firebase project id) is required")]
    [InlineData("MobilePush:MaxAttempts", "0", "MobilePush:MaxAttempts must be between 1 and 10")]
    [InlineData("MobilePush:Endpoint", "https://fcm.example/v1", "MobilePush:Endpoint must be an absolute http(s) URL ending in '/'")]
    public async Task The_silo_refuses_to_start_and_names_the_setting(string setting, string value, string message)
    {
        await using var app = SiloApplication.Build([], builder => Override(builder, ValidSilo, setting, value));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    private static void Override(WebApplicationBuilder builder, Dictionary<string, string?> valid, string setting, string value)
    {
        builder.Configuration.AddInMemoryCollection(valid);
        builder.Configuration.AddInMemoryCollection([new(setting, value)]);
    }
}
