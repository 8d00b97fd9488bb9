using Amazon.SQS;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Notifications;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Notifications;
using BuildPeer.UnitTests.Processing.Images;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using static BuildPeer.IntegrationTests.Uploads.Processing.ProcessedUploads;

namespace BuildPeer.IntegrationTests.Uploads.Processing;

/// <summary>
/// Processing survives what takes its dependencies away: a scanner that is down is waited for (never skipped), and
/// a silo lost half-way leaves the upload to another silo, which completes it once.
/// </summary>
[Collection(ScannerRelayHostsCollection.Name)]
public sealed class DependencyAndSiloLossTests(ScannerRelayHostsFixture hosts) : UploaderInNewProject(hosts), IDisposable
{
    private readonly AmazonSQSClient _sqs = new();
    private readonly SnsQueryClient _sns = SnsQueryClient.Create(new SnsOptions(), new AwsSettings());

    [Fact]
    public async Task With_the_scanner_down_the_upload_waits_and_completes_once_it_is_back()
    {
        hosts.Relay.Switch(RelayMode.Down);
        var uploadId = await UploadAsync(Alice, Project, "while-clamd-is-down.png", "image/png", GeneratedImages.TransparentPng(200, 100));
        await DeliverEventAsync(uploadId, "while-clamd-is-down.png");

        var waiting = await Eventually.MatchesAsync(() => ApiCalls.GetJsonAsync(Alice, $"api/uploads/{uploadId}"),
            upload => Metadata(upload).TryGetProperty("attempts", out var attempts) && attempts.GetInt32() >= 3,
            Deadline, "attempts to be retried while the scanner is down");
        Assert.Equal("PROCESSING", waiting.GetProperty("status").GetString());

        hosts.Relay.Switch(RelayMode.Pass);
        var upload = await AwaitFinishedAsync(Alice, uploadId);

        AssertStatus(upload, "COMPLETED");
        Assert.True(Metadata(upload).GetProperty("attempts").GetInt32() >= 3);
    }

    [Fact]
    public async Task With_the_scanner_gone_for_good_the_upload_ends_FAILED_retries_exhausted_never_unscanned()
    {
        hosts.Relay.Switch(RelayMode.Down);
        var uploadId = await UploadAsync(Alice, Project, "never-scanned.png", "image/png", GeneratedImages.TransparentPng(50, 50));
        await DeliverEventAsync(uploadId, "never-scanned.png");

        var upload = await AwaitFinishedAsync(Alice, uploadId);

        AssertStatus(upload, "FAILED", "retries_exhausted");
        Assert.Equal(8, Metadata(upload).GetProperty("attempts").GetInt32());
        Assert.Contains("clamd", upload.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(Metadata(upload).TryGetProperty("outputs", out _));
        hosts.Relay.Switch(RelayMode.Pass);
    }

    [Fact]
    public async Task A_silo_stopped_mid_processing_leaves_the_upload_to_another_which_completes_it_once()
    {
        var topicArn = await _sns.CreateTopicAsync("upload-completed", CancellationToken.None);
        await using var subscription = await QueueSubscription.CreateAsync(_sqs, _sns, topicArn);
        hosts.Relay.Switch(RelayMode.Stall);
        var connectionsBefore = hosts.Relay.Connections;
        var uploadId = await UploadAsync(Alice, Project, "mid-flight.png", "image/png", GeneratedImages.TransparentPng(300, 200));
        await DeliverEventAsync(uploadId, "mid-flight.png");
        await Eventually.MatchesAsync(() => Task.FromResult(hosts.Relay.Connections), count => count > connectionsBefore,
            Deadline, "the first attempt to reach the (stalled) scanner");

        // The silo running the attempt goes away while the attempt hangs in the scan.
        var hosting = await SiloHostingAsync(uploadId);
        await hosts.StopSiloAsync(hosting);
        hosts.Relay.Switch(RelayMode.Pass);

        var upload = await AwaitFinishedAsync(Alice, uploadId);
        AssertStatus(upload, "COMPLETED");
        Assert.True(Metadata(upload).GetProperty("attempts").GetInt32() >= 2, "a second attempt finished the upload");
        var notifications = await subscription.CollectNotificationsAsync(uploadId, TimeSpan.FromSeconds(5));
        Assert.Equal([$"{uploadId:D}:1"], notifications.Select(notification => notification.GetProperty("notificationId").GetString()));
    }

    private Task DeliverEventAsync(Guid uploadId, string fileName) =>
        ObjectEvents.DeliverAsync(hosts.SiloServices, "acme", Project, uploadId, fileName);

    private async Task<IServiceProvider> SiloHostingAsync(Guid uploadId)
    {
        var management = hosts.SiloServices.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetDetailedGrainStatistics();
        var silo = statistics.First(activation => activation.GrainType.Contains("UploadGrain", StringComparison.Ordinal)
            && activation.GrainId.TryGetGuidKey(out var key, out _) && key == uploadId).SiloAddress;
        return hosts.AllSiloServices.Single(services => services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Equals(silo));
    }

    public void Dispose()
    {
        _sqs.Dispose();
        _sns.Dispose();
    }
}
