using System.Diagnostics;
using System.Text.Json;
using Amazon.SQS;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Notifications;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Notifications;
using BuildPeer.UnitTests.Processing.Documents;
using BuildPeer.UnitTests.Processing.Images;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Cluster;

/// <summary>
/// Real silo processes consume the shared event queue, so these tests run alone: xunit runs a collection with
/// parallelization disabled after all the others, whose hosts (the main fixture's queue consumer above all) are gone
/// by then.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloProcessesCollection
{
    public const string Name = "silo processes";
}

/// <summary>
/// Three silos and a gateway started by <c>scripts/run.sh</c>, a steady stream of photos and plans from a client,
/// and one silo SIGKILLed in the middle while it hosts uploads still being worked on.
/// <para>
/// "Processed twice" means two processing outcomes accepted for one upload: it would show as a second
/// notification id (<c>{uploadId}:2</c>) on the topic, or as the upload counted twice in the project's usage
/// (which a COMPLETED upload commits once). A repeated delivery of the same notification id is one outcome (SNS is
/// at least once; subscribers drop repeats by id), and an attempt lost with its silo and run again is a retry, not a
/// second outcome: a lost attempt never reported.
/// </para>
/// </summary>
[Collection(SiloProcessesCollection.Name)]
public sealed class SiloKilledUnderLoadTests : IDisposable
{
    /// <summary>
    /// How long the survivors may take to declare a SIGKILLed silo dead: 3 missed probes (Orleans:Membership tuned
    /// in ClusterMembershipSetup: 2 s probes, at most 5 s each on a degraded node) plus the votes' table writes,
    /// with room for a loaded 2-core machine. Measured: 2.2–3.4 s.
    /// </summary>
    private static readonly TimeSpan DetectionBound = TimeSpan.FromSeconds(20);

    private const int FileCount = 36;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(5);

    private readonly ITestOutputHelper _output;
    private readonly AmazonSQSClient _sqs;
    private readonly SnsQueryClient _sns;

    public SiloKilledUnderLoadTests(ITestOutputHelper output)
    {
        _output = output;
        LocalStack.ExportToEnvironment();
        _sqs = new AmazonSQSClient();
        _sns = SnsQueryClient.Create(new SnsOptions(), new AwsSettings());
    }

    [Fact]
    public async Task A_silo_killed_mid_stream_loses_no_upload_processes_none_twice_and_is_declared_dead_in_bounded_time()
    {
        var clock = Stopwatch.StartNew();
        var files = Files(FileCount);
        await using var cluster = await RunScriptCluster.StartAsync(3, SiloSettings());
        _output.WriteLine($"cluster {cluster.ClusterId} up in {clock.Elapsed.TotalSeconds:F1} s; logs in {cluster.LogDirectory}");
        var topicArn = await _sns.CreateTopicAsync("upload-completed", CancellationToken.None);
        await using var subscription = await QueueSubscription.CreateAsync(_sqs, _sns, topicArn);
        var projectId = await TestProjects.CreateWithUploaderAsync(cluster, RunScriptCluster.Tenant, "alice");
        using var alice = cluster.CreateClient("alice", RunScriptCluster.Tenant);
        var orleans = await cluster.ClientAsync();
        var stream = new UploadStream(alice, projectId);
        var streamed = stream.RunAsync(files, Interval);

        await Task.Delay(KillAfter);
        var (victim, victimUploads) = await VictimAsync(cluster, orleans, stream);
        RunScriptCluster.Kill(victim);
        var killedAt = Stopwatch.StartNew();
        _output.WriteLine($"SIGKILL {victim} at {clock.Elapsed.TotalSeconds:F1} s; it hosted {victimUploads.Count} unfinished upload(s) of the stream");
        var declaredDead = DeclaredDeadAsync(cluster, victim, killedAt);

        await streamed;
        Assert.True(stream.Failures.Count == 0, $"The client could not send every file:\n{string.Join('\n', stream.Failures)}");
        var detection = await declaredDead;
        _output.WriteLine($"declared dead {detection.TotalSeconds:F1} s after the kill (bound {DetectionBound.TotalSeconds} s)");
        var finished = await AllFinishedAsync(alice, stream.Uploads);
        _output.WriteLine($"all {finished.Count} uploads terminal at {clock.Elapsed.TotalSeconds:F1} s");
        var notifications = await NotificationsAsync(subscription, [.. finished.Keys]);

        Assert.True(detection <= DetectionBound, $"The cluster took {detection.TotalSeconds:F1} s to declare {victim} dead.");
        Assert.Equal(FileCount, finished.Count);
        Assert.All(finished, pair => Assert.True(pair.Value.GetProperty("status").GetString() == "COMPLETED", $"{pair.Key}: {pair.Value}"));
        Assert.NotEmpty(victimUploads);
        Assert.All(victimUploads, uploadId => Assert.Contains(uploadId, finished.Keys));
        foreach (var uploadId in finished.Keys)
        {
            var ids = notifications.Where(n => n.GetProperty("uploadId").GetGuid() == uploadId)
                .Select(n => n.GetProperty("notificationId").GetString()).Distinct().ToList();
            Assert.True(ids.SequenceEqual([$"{uploadId:D}:1"]), $"Upload {uploadId} was announced as [{string.Join(", ", ids)}].");
        }

        using var admin = cluster.CreateAdminClient(RunScriptCluster.Tenant);
        var totalBytes = stream.Uploads.Sum(upload => (long)upload.File.Content.Length);
        var usage = await Eventually.MatchesAsync(
            async () => (await ApiCalls.GetJsonAsync(admin, $"api/projects/{projectId}/quota")).GetProperty("usage"),
            usage => usage.GetProperty("usedFiles").GetInt32() >= FileCount, TimeSpan.FromSeconds(30), "every upload counted in the project's usage");
        Assert.Equal(FileCount, usage.GetProperty("usedFiles").GetInt32());
        Assert.Equal(totalBytes, usage.GetProperty("usedBytes").GetInt64());

        Report(stream, finished, notifications, victimUploads, clock.Elapsed);
    }

    /// <summary>
    /// The silo hosting the most uploads of the stream that are not finished yet (asked of the cluster: which silo
    /// holds each activation, and the grain's own status), so the kill lands on work in progress.
    /// </summary>
    private static async Task<(HostProcess Silo, IReadOnlyList<Guid> Uploads)> VictimAsync(
        RunScriptCluster cluster, IClusterClient client, UploadStream stream)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var ours = stream.Uploads.Select(upload => upload.UploadId).ToHashSet();
            var hosted = (await management.GetDetailedGrainStatistics())
                .Select(activation => activation.GrainId.TryGetGuidKey(out var uploadId, out _)
                    && activation.GrainType.Contains("UploadGrain", StringComparison.Ordinal) && ours.Contains(uploadId)
                        ? (Port: activation.SiloAddress.Endpoint.Port, UploadId: uploadId) : default)
                .Where(item => item.UploadId != Guid.Empty)
                .ToList();
            var statuses = await Task.WhenAll(hosted.Select(item => client.GetGrain<IUploadGrain>(item.UploadId).GetStatusAsync(RunScriptCluster.Tenant)));
            var unfinished = hosted.Where((_, index) => statuses[index] is { } view && !view.Status.IsTerminal());

            var busiest = unfinished.GroupBy(item => item.Port).MaxBy(group => group.Count());
            if (busiest is not null)
            {
                return (cluster.Silos.Single(silo => silo.SiloPort == busiest.Key), [.. busiest.Select(item => item.UploadId)]);
            }

            Assert.True(DateTime.UtcNow < deadline, "No silo hosted an unfinished upload of the stream for 10 s.");
            await Task.Delay(200);
        }
    }

    /// <summary>Time from the kill until the membership table says Dead (SiloStatus 6), polled every 100 ms.</summary>
    private static async Task<TimeSpan> DeclaredDeadAsync(RunScriptCluster cluster, HostProcess victim, Stopwatch sinceKill)
    {
        const int Dead = 6;
        while (sinceKill.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (await cluster.MembershipStatusAsync(victim) == Dead)
            {
                return sinceKill.Elapsed;
            }

            await Task.Delay(100);
        }

        return sinceKill.Elapsed;
    }

    private static async Task<Dictionary<Guid, JsonElement>> AllFinishedAsync(HttpClient client, IReadOnlyCollection<StreamedUpload> uploads)
    {
        var finished = new Dictionary<Guid, JsonElement>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (finished.Count < uploads.Count && DateTime.UtcNow < deadline)
        {
            foreach (var upload in uploads.Where(upload => !finished.ContainsKey(upload.UploadId)))
            {
                try
                {
                    var record = await ApiCalls.GetJsonAsync(client, $"api/uploads/{upload.UploadId}");
                    if (UploadStatusExtensions.ParseWireName(record.GetProperty("status").GetString()!).IsTerminal())
                    {
                        finished[upload.UploadId] = record;
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    // A poll that reached the dead silo before the cluster noticed: ask again on the next round.
                }
            }

            await Task.Delay(300);
        }

        var missing = uploads.Select(upload => upload.UploadId).Where(id => !finished.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} upload(s) never reached a terminal state: {string.Join(", ", missing)}");
        return finished;
    }

    /// <summary>Everything the topic delivers about the uploads until each has been announced, and 3 s more for repeats.</summary>
    private static async Task<List<JsonElement>> NotificationsAsync(QueueSubscription subscription, IReadOnlyCollection<Guid> uploadIds)
    {
        var received = new List<JsonElement>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline
            && !uploadIds.All(id => received.Any(n => n.GetProperty("uploadId").GetGuid() == id)))
        {
            received.AddRange(await subscription.CollectNotificationsAsync(uploadIds, TimeSpan.FromSeconds(2)));
        }

        received.AddRange(await subscription.CollectNotificationsAsync(uploadIds, TimeSpan.FromSeconds(3)));
        return received;
    }

    private void Report(UploadStream stream, Dictionary<Guid, JsonElement> finished, List<JsonElement> notifications,
        IReadOnlyList<Guid> victimUploads, TimeSpan elapsed)
    {
        var attempts = finished.Values.GroupBy(record => record.GetProperty("metadata").GetProperty("attempts").GetInt32())
            .OrderBy(group => group.Key).Select(group => $"{group.Count()} × {group.Key}");
        var victimAttempts = victimUploads.Select(id => finished[id].GetProperty("metadata").GetProperty("attempts").GetInt32());
        _output.WriteLine($"attempts per upload: {string.Join(", ", attempts)}; on the killed silo: [{string.Join(", ", victimAttempts)}]");
        _output.WriteLine($"initiate retries: {stream.Uploads.Sum(upload => upload.InitiateTries - 1)}; notification deliveries: "
            + $"{notifications.Count} for {finished.Count} uploads (repeats of one id: {notifications.Count - finished.Count})");
        _output.WriteLine($"test time {elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Settings of every silo: queue messages, reminders and retries on a test's time scale.</summary>
    private static Dictionary<string, string> SiloSettings() => new()
    {
        // A message the killed silo held comes back to the others this soon.
        ["Sqs__VisibilityTimeout"] = "00:00:05",
        ["Sqs__WaitTimeSeconds"] = "2",
        // The reminder that hands a PROCESSING upload of the dead silo to a survivor.
        ["Reminders__MinimumReminderPeriod"] = "00:00:01",
        ["Processing__ReminderPeriod"] = "00:00:02",
        ["Processing__RetryBaseDelay"] = "00:00:00.500",
        ["Processing__RetryMaxDelay"] = "00:00:02",
        // An upload that completed on the killed silo just before its "commit my quota" call to the project is
        // settled by the project's reconciliation (by design: that call is not retried), this soon.
        ["Projects__ReconcilePeriod"] = "00:00:03",
        ["Projects__ReservationGracePeriod"] = "00:00:03",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__BuildPeer"] = "Information",
    };

    /// <summary>Distinct photos (with EXIF and GPS) and plans, two photos for each plan.</summary>
    private static List<StreamFile> Files(int count) => [.. Enumerable.Range(0, count).Select(index => index % 3 == 2
        ? new StreamFile($"plan-{index:D2}.pdf", "application/pdf", GeneratedPdf.WithPages(1 + index % 5))
        : new StreamFile($"site-{index:D2}.jpg", "image/jpeg", GeneratedImages.JpegWithExif(1600 + index * 8, 1200)))];

    public void Dispose()
    {
        _sqs.Dispose();
        _sns.Dispose();
    }
}
