using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.SQS;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Notifications;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Notifications;
using BuildPeer.UnitTests.Processing.Images;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Faults;

/// <summary>
/// Each dependency taken away for 30 s while a client keeps uploading two photos a second: no call answers 500
/// (503 with Retry-After is the honest answer), every upload ends COMPLETED with exactly one notification, the
/// project's quota ends exactly at the completed uploads, and work resumes within seconds of the dependency's
/// return. The measured figures go to the test output (docs/benchmarks.md, "Dependency faults").
/// </summary>
[Collection(FaultHostsCollection.Name)]
public sealed class DependencyOutageTests(FaultHostsFixture hosts, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>The goal is 5 s; the bound leaves room for a shared two-core machine.</summary>
    private static readonly TimeSpan ResumeBound = TimeSpan.FromSeconds(10);

    /// <summary>
    /// All that waited done, the backlog included. How fast a backlog drains is a benchmark's question (the figures
    /// are in docs/benchmarks.md); the bound only catches uploads left on a grown backoff, which would take minutes.
    /// </summary>
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(90);

    private readonly AmazonSQSClient _sqs = new();
    private readonly SnsQueryClient _sns = SnsQueryClient.Create(new SnsOptions(), new AwsSettings());

    [Theory]
    [InlineData("postgresql")]
    [InlineData("redis")]
    [InlineData("clamd")]
    [InlineData("s3")]
    public async Task A_dependency_down_for_30_s_degrades_and_every_upload_completes_once_it_is_back(string dependency)
    {
        var relay = hosts.Relays[dependency];
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        using var alice = hosts.CreateClient("alice", "acme");
        var topicArn = await _sns.CreateTopicAsync("upload-completed", CancellationToken.None);
        await using var subscription = await QueueSubscription.CreateAsync(_sqs, _sns, topicArn);
        var log = new ApiLog();
        var stream = new UploadStream(hosts, alice, projectId, GeneratedImages.TransparentPng(160, 120), log);
        using var polling = new CancellationTokenSource();
        var poller = PollAsync(alice, projectId, stream, log, polling.Token);

        var streaming = stream.RunAsync(Before + Outage + After, Interval);
        await Task.Delay(Before);
        var cutAt = DateTimeOffset.UtcNow;
        relay.Switch(RelayMode.Down, cutOpenConnections: true);
        await Task.Delay(Outage);
        relay.Switch(RelayMode.Pass);
        var backAt = DateTimeOffset.UtcNow;
        await streaming;
        var uploads = await stream.UploadsAsync();

        var finished = await AwaitAllFinishedAsync(alice, uploads, log);
        await polling.CancelAsync();
        await poller;

        // No 500, ever; a 503 says why and when to come back.
        var calls = log.Calls;
        Assert.DoesNotContain(calls, call => (int)call.Status >= 500 && call.Status != HttpStatusCode.ServiceUnavailable);
        var refused = calls.Where(call => call.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.All(refused, call =>
        {
            Assert.True(call.RetryAfter, $"{call.Name} answered 503 without Retry-After");
            Assert.Equal("application/problem+json", call.MediaType);
            Assert.Contains(call.Code, (string[])["dependency_unavailable", "cluster_unavailable"]);
        });

        // Every upload COMPLETED, announced exactly once.
        Assert.All(finished.Values, upload => Assert.Equal("COMPLETED", upload.GetProperty("status").GetString()));
        var ids = uploads.Select(upload => upload.UploadId).ToList();
        var notifications = await subscription.CollectNotificationsAsync(ids, TimeSpan.FromSeconds(8));
        var perUpload = notifications.GroupBy(notification => notification.GetProperty("uploadId").GetGuid())
            .ToDictionary(group => group.Key, group => group.Count());
        Assert.All(ids, uploadId => Assert.Equal(1, perUpload.GetValueOrDefault(uploadId)));

        // The quota holds exactly the completed uploads: nothing refused or retried kept a reservation.
        var usage = await Eventually.MatchesAsync(
            async () => (await ApiCalls.GetJsonAsync(alice, $"api/projects/{projectId}/quota")).GetProperty("usage"),
            usage => usage.GetProperty("inFlight").GetInt32() == 0, TimeSpan.FromSeconds(30), "every reservation to be settled");
        Assert.Equal(ids.Count, usage.GetProperty("usedFiles").GetInt32());
        Assert.Equal(0, usage.GetProperty("reservedBytes").GetInt64());

        var report = Report(dependency, uploads, finished, calls, cutAt, backAt);
        output.WriteLine(report.Text);
        if (dependency == "redis")
        {
            // A cache outage costs milliseconds: were calls waiting on Redis, they would take a second or more.
            var outage = calls.Where(call => call.StartedAt >= cutAt && call.StartedAt < backAt).ToList();
            Assert.All((string[])["status", "initiate"], name => Assert.True(Median(outage, name) < 250,
                $"{name} took {Median(outage, name):0} ms (median) while Redis was down. {report.Text}"));
        }

        if (report.Resume is { } resume)
        {
            Assert.True(resume <= ResumeBound, $"Work resumed {resume.TotalSeconds:0.0} s after {dependency} came back. {report.Text}");
            Assert.True(report.Drain <= DrainBound, $"The last waiting upload finished {report.Drain?.TotalSeconds:0.0} s after {dependency} came back. {report.Text}");
        }
    }

    /// <summary>Besides the stream, twice a second: the project listing and the status of the newest upload.</summary>
    private static async Task PollAsync(HttpClient client, string projectId, UploadStream stream, ApiLog log, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await log.SendAsync("listing", () => client.GetAsync($"api/projects/{projectId}/uploads?limit=5", CancellationToken.None));
            if (stream.Latest != Guid.Empty)
            {
                await log.SendAsync("status", () => client.GetAsync($"api/uploads/{stream.Latest}/status", CancellationToken.None));
            }

            await Task.Delay(500, CancellationToken.None);
        }
    }

    private static async Task<Dictionary<Guid, JsonElement>> AwaitAllFinishedAsync(HttpClient client, IReadOnlyList<StreamedUpload> uploads, ApiLog log)
    {
        var finished = new Dictionary<Guid, JsonElement>();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(3);
        while (finished.Count < uploads.Count)
        {
            foreach (var upload in uploads.Where(upload => !finished.ContainsKey(upload.UploadId)))
            {
                var (response, body) = await log.SendAsync("details", () => client.GetAsync($"api/uploads/{upload.UploadId}"));
                if (response.IsSuccessStatusCode && JsonDocument.Parse(body).RootElement.Clone() is var details
                    && UploadStatusExtensions.ParseWireName(details.GetProperty("status").GetString()!).IsTerminal())
                {
                    finished[upload.UploadId] = details;
                }
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{uploads.Count - finished.Count} uploads did not finish within 3 minutes");
            await Task.Delay(250);
        }

        return finished;
    }

    /// <summary>
    /// Resume: from the dependency's return to the first upload begun before it that finished after it (work was
    /// waiting, and it moved). Drain: to the last such upload. 503s and call latencies by phase.
    /// </summary>
    private static (string Text, TimeSpan? Resume, TimeSpan? Drain) Report(string dependency, IReadOnlyList<StreamedUpload> uploads,
        Dictionary<Guid, JsonElement> finished, IReadOnlyList<ApiCall> calls, DateTimeOffset cutAt, DateTimeOffset backAt)
    {
        var waited = uploads.Where(upload => upload.StartedAt < backAt)
            .Select(upload => finished[upload.UploadId].GetProperty("processedAt").GetDateTimeOffset())
            .Where(processedAt => processedAt > backAt)
            .Select(processedAt => processedAt - backAt)
            .Order()
            .ToList();
        TimeSpan? resume = waited.Count > 0 ? waited[0] : null;
        TimeSpan? drain = waited.Count > 0 ? waited[^1] : null;
        var inOutage = calls.Where(call => call.StartedAt >= cutAt && call.StartedAt < backAt).ToList();
        var outside = calls.Where(call => call.StartedAt < cutAt || call.StartedAt >= backAt + TimeSpan.FromSeconds(5)).ToList();
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{dependency} down {(backAt - cutAt).TotalSeconds:0} s: {uploads.Count} uploads, all COMPLETED; " +
            $"{waited.Count} waited on it; resume {Seconds(resume)}, drain {Seconds(drain)}; " +
            $"503s {calls.Count(call => call.Status == HttpStatusCode.ServiceUnavailable)}, 500s 0; " +
            $"status p50/p95 outage {Percentile(inOutage, "status", 0.5)}/{Percentile(inOutage, "status", 0.95)} ms, " +
            $"otherwise {Percentile(outside, "status", 0.5)}/{Percentile(outside, "status", 0.95)} ms; " +
            $"initiate p50/p95 outage {Percentile(inOutage, "initiate", 0.5)}/{Percentile(inOutage, "initiate", 0.95)} ms, " +
            $"otherwise {Percentile(outside, "initiate", 0.5)}/{Percentile(outside, "initiate", 0.95)} ms");
        return (text, resume, drain);
    }

    private static double Median(IReadOnlyList<ApiCall> calls, string name) =>
        calls.Where(call => call.Name == name).Select(call => call.Latency.TotalMilliseconds).Order().ElementAt(calls.Count(call => call.Name == name) / 2);

    private static string Seconds(TimeSpan? span) =>
        span is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.0} s") : "n/a";

    private static string Percentile(IReadOnlyList<ApiCall> calls, string name, double rank)
    {
        var latencies = calls.Where(call => call.Name == name).Select(call => call.Latency.TotalMilliseconds).Order().ToList();
        return latencies.Count == 0
            ? "-"
            : latencies[Math.Min(latencies.Count - 1, (int)(rank * latencies.Count))].ToString("0", CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _sqs.Dispose();
        _sns.Dispose();
    }
}
