using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BuildPeer.ProcessingBench;

/// <summary>
/// Many photos at once from PUT to COMPLETED through a running gateway and silo: create a project (admin API),
/// initiate the photos (single-PUT URLs), PUT them all with bounded concurrency, follow each upload until it is
/// terminal: by push (the project's event stream, opened before the first PUT, with a slow reconciliation poll as a
/// safety net) or, with <c>--follow poll</c>, by polling every upload's status. Latency of a file = processedAt (the
/// grain's clock; same machine) − the moment its PUT answered. The silo's memory is sampled from /proc while this runs.
/// </summary>
internal static class EndToEndRun
{
    private const string DevelopmentSigningKey = "buildpeer-development-signing-key-not-for-production";

    /// <summary>
    /// With push: how often, and after how long without news of an upload, its status is asked for. A safety net: in a
    /// spike an upload waits minutes for a worker without a change, so a short one polls most of them for nothing.
    /// </summary>
    private static readonly TimeSpan _reconcileInterval = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(Args args)
    {
        var inv = CultureInfo.InvariantCulture;
        var gateway = new Uri(args.Text("gateway", "http://127.0.0.1:5180/"));
        var runId = args.Text("run-id", DateTime.UtcNow.ToString("yyyyMMddHHmmss", inv));
        var tenant = args.Text("tenant", "bench-" + runId);
        var count = args.Int("count", 200);
        var size = args.Int("size", 5_000_000);
        var concurrency = args.Int("concurrency", 16);
        var follow = args.Text("follow", "push");
        if (follow is not ("push" or "poll"))
        {
            throw new ArgumentException($"--follow is push or poll, not '{follow}'.");
        }

        var push = follow == "push";
        // One at a time: each PUT waits until the previous upload is terminal (a lone photo on an idle silo).
        var oneAtATime = args.Int("one-at-a-time", 0) == 1;
        if (oneAtATime)
        {
            concurrency = 1;
        }

        var siloPid = args.Int("silo-pid", 0);
        var stallSeconds = args.Int("stall-seconds", 90);
        var timeoutSeconds = args.Int("timeout-seconds", 900);
        var work = args.Text("work-dir", "/tmp/buildpeer-bench/inputs");
        var output = args.Text("out", Path.Combine(work, "..", $"processing-e2e-{runId}.md"));
        var projectId = "e2e-" + runId;

        var basePhoto = Inputs.Photo(Path.Combine(work, string.Create(inv, $"photo-12mp-e2e-base-{size}.jpg")),
            quality: 92, maxBytes: size - 2_000);
        Console.Error.WriteLine(string.Create(inv, $"[e2e] base photo {basePhoto.Length:N0} bytes, padded to {size:N0}"));

        using var admin = Client(gateway, Token(args, tenant, "bench-admin", $"{tenant}:admin"), tenant);
        var uploaderToken = Token(args, tenant, "bench-uploader", "uploader");
        using var uploader = Client(gateway, uploaderToken, tenant);
        // No time limit: the event stream is meant to stay open for the whole run.
        using var events = Client(gateway, uploaderToken, tenant, Timeout.InfiniteTimeSpan);
        using var storage = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { Timeout = TimeSpan.FromMinutes(5) };

        using var created = await admin.PostAsJsonAsync("api/projects", new
        {
            projectId,
            name = $"Processing e2e {runId}",
            limits = new { maxFileSizeBytes = 100L * 1024 * 1024, maxTotalBytes = 1L << 50, maxFiles = 100_000_000, maxInFlight = 100_000_000 },
        });
        await EnsureAsync(created, "create the project");
        using var member = await admin.PutAsJsonAsync($"api/projects/{projectId}/members/bench-uploader", new { role = "UPLOADER" });
        await EnsureAsync(member, "add the uploader");

        // Initiate in requests of at most 50 files (Uploads:MaxFilesPerRequest).
        var uploads = new List<Upload>(count);
        for (var first = 0; first < count; first += 50)
        {
            var files = Enumerable.Range(first, Math.Min(50, count - first))
                .Select(i => new { filename = $"site-photo-{i:000}.jpg", contentType = "image/jpeg", size = (long)size }).ToArray();
            using var response = await uploader.PostAsJsonAsync("api/uploads/initiate", new { projectId, files });
            await EnsureAsync(response, "initiate");
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var item in document.RootElement.GetProperty("uploads").EnumerateArray())
            {
                if (item.GetProperty("method").GetString() != "PUT")
                {
                    throw new InvalidOperationException($"Expected a single PUT, got {item}");
                }

                uploads.Add(new Upload(item.GetProperty("uploadId").GetGuid(), new Uri(item.GetProperty("url").GetString()!)));
            }
        }

        Console.Error.WriteLine(string.Create(inv, $"[e2e] initiated {uploads.Count} uploads in project {projectId}; PUT {concurrency} at a time, follow by {follow}"));
        var clock = new Stopwatch();
        var tracker = new UploadTracker(uploads, clock);
        using var stop = new CancellationTokenSource();

        // The stream first: once it answers it is subscribed and has read the current state, so no change is missed.
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var following = push
            ? ProjectEventStream.FollowAsync(events, $"api/projects/{projectId}/events", tracker, opened, stop.Token)
            : Task.CompletedTask;
        if (push && await Task.WhenAny(opened.Task, following, Task.Delay(TimeSpan.FromSeconds(60))) != opened.Task)
        {
            await (following.IsCompleted ? following : throw new TimeoutException("The event stream did not answer within 60 s."));
        }

        var loadBefore = Machine.LoadAverage();
        var siloRssBefore = siloPid > 0 ? Machine.StatusKiB(siloPid, "VmRSS") : null;
        var siloCpuBefore = siloPid > 0 ? Machine.CpuSeconds(siloPid) : null;
        var rssSamples = new ConcurrentQueue<long>();
        var sampler = siloPid > 0 ? SampleAsync(siloPid, rssSamples, stop.Token) : Task.CompletedTask;

        clock.Start();
        var startedAt = DateTimeOffset.UtcNow;
        var putErrors = new ConcurrentBag<string>();
        var puts = Parallel.ForEachAsync(uploads.Select((upload, index) => (upload, index)),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (entry, token) =>
            {
                var body = Inputs.PaddedCopy(basePhoto, $"buildpeer-bench {runId} photo {entry.index}", size);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                entry.upload.PutStarted = clock.Elapsed;
                // If-None-Match is signed into every PUT URL (write-once objects); the body's length is too.
                using var request = new HttpRequestMessage(HttpMethod.Put, entry.upload.Url) { Content = content };
                request.Headers.TryAddWithoutValidation("If-None-Match", "*");
                using var response = await storage.SendAsync(request, token);
                tracker.PutAnswered(entry.upload, response.IsSuccessStatusCode);
                if (!response.IsSuccessStatusCode)
                {
                    putErrors.Add($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
                }

                if (oneAtATime)
                {
                    // Fed by whichever way the status comes (push or poll).
                    await Task.WhenAny(entry.upload.Ended, Task.Delay(TimeSpan.FromSeconds(stallSeconds), token));
                }
            });

        // Polling: every upload PUT and not terminal yet, every sweep. Push: the event stream brings the statuses, and
        // every 60 s only the uploads it has said nothing about for 60 s are asked for. One request an upload, 8 at a time.
        var nextPoll = TimeSpan.Zero;
        var abortReason = (string?)null;
        while (true)
        {
            if (clock.Elapsed >= nextPoll)
            {
                var open = uploads.Where(u => tracker.Open(u, push ? _reconcileInterval : null)).ToList();
                await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (upload, token) =>
                {
                    tracker.StatusRequested();
                    var status = await uploader.GetFromJsonAsync<StatusReport>($"api/uploads/{upload.Id}/status", token)
                        ?? throw new InvalidDataException($"An empty status of upload {upload.Id}.");
                    tracker.Apply(status, StatusSource.Poll);
                });
                nextPoll = push ? clock.Elapsed + _reconcileInterval : TimeSpan.Zero;
            }

            if (following.IsFaulted)
            {
                await following;
            }

            if (puts.IsCompleted && tracker.AllEnded())
            {
                break;
            }

            if (puts.IsCompleted && clock.Elapsed - tracker.LastChange > TimeSpan.FromSeconds(stallSeconds))
            {
                var pending = uploads.Count(u => u.Status == "PENDING");
                abortReason = pending > 0
                    ? $"{pending} uploads still PENDING {stallSeconds} s after the last change: their S3 events never reached this silo (another process consuming the queue upload-events?)"
                    : $"no upload changed state for {stallSeconds} s";
                break;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(timeoutSeconds))
            {
                abortReason = $"stopped after the {timeoutSeconds} s limit";
                break;
            }

            await Task.Delay(250);
        }

        await puts.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var total = clock.Elapsed;
        await stop.CancelAsync();
        await sampler;
        await following.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var siloHwm = siloPid > 0 ? Machine.StatusKiB(siloPid, "VmHWM") : null;
        var siloCpuAfter = siloPid > 0 ? Machine.CpuSeconds(siloPid) : null;
        var loadAfter = Machine.LoadAverage();

        var completed = uploads.Where(u => u.Status == "COMPLETED").ToList();

        // Split each file's time at the moment its S3 event reached the grain (uploadedAt of the upload's details).
        await Parallel.ForEachAsync(completed, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (upload, token) =>
        {
            var details = await uploader.GetFromJsonAsync<JsonElement>($"api/uploads/{upload.Id}", token);
            upload.UploadedAt = details.TryGetProperty("uploadedAt", out var at) && at.ValueKind == JsonValueKind.String
                ? at.GetDateTimeOffset() : null;
        });
        var delivery = Stats.Of(completed.Where(u => u.UploadedAt is not null)
            .Select(u => (u.UploadedAt!.Value - u.PutDoneAt!.Value).TotalMilliseconds).ToList());
        var afterEvent = Stats.Of(completed.Where(u => u.UploadedAt is not null && u.ProcessedAt is not null)
            .Select(u => (u.ProcessedAt!.Value - u.UploadedAt!.Value).TotalMilliseconds).ToList());
        var latency = Stats.Of(completed.Where(u => u.ProcessedAt is not null)
            .Select(u => (u.ProcessedAt!.Value - u.PutDoneAt!.Value).TotalMilliseconds).ToList());
        var seenBy = push ? StatusSource.Push : StatusSource.Poll;
        var seen = Stats.Of(completed.Where(u => u.SeenTerminalBy == seenBy && u.PutDone is not null)
            .Select(u => (u.SeenTerminal!.Value - u.PutDone!.Value).TotalMilliseconds).ToList());
        var putTimes = Stats.Of(uploads.Where(u => u.PutDone is not null).Select(u => (u.PutDone!.Value - u.PutStarted!.Value).TotalMilliseconds).ToList());
        var lastPut = uploads.Where(u => u.PutDone is not null).Select(u => u.PutDone!.Value).DefaultIfEmpty().Max();
        var lastProcessed = completed.Where(u => u.ProcessedAt is not null).Select(u => u.ProcessedAt!.Value - startedAt).DefaultIfEmpty().Max();
        var span = lastProcessed > TimeSpan.Zero ? lastProcessed : total;
        var megabytes = completed.Count * (double)size / 1e6;

        var report = new StringBuilder();
        report.AppendLine(inv, $"### End-to-end run {runId} ({startedAt:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");
        report.AppendLine();
        report.AppendLine(inv, $"{count} photos of {size:N0} bytes (4000×3000 JPEG q92, distinct bytes), single PUT each, {(oneAtATime ? "one at a time (each PUT after the previous upload is terminal)" : concurrency.ToString(inv) + " PUTs at a time")}, {(push ? "statuses followed by push (the project's event stream, opened before the first PUT; uploads it said nothing about for 60 s polled every 60 s)" : "status polled every ≈ 250 ms")}. Load average before / after: {loadBefore} / {loadAfter}.");
        if (abortReason is not null)
        {
            report.AppendLine();
            report.AppendLine(inv, $"**Run stopped early: {abortReason}.**");
        }

        report.AppendLine();
        report.AppendLine("| measure | value |");
        report.AppendLine("|---|--:|");
        foreach (var group in uploads.GroupBy(u => u.Status).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            report.AppendLine(inv, $"| uploads {group.Key} | {group.Count()} |");
        }

        report.AppendLine(inv, $"| all PUTs done after | {lastPut.TotalSeconds:F1} s (one PUT: median {Stats.Ms(putTimes.Median)} ms, p95 {Stats.Ms(putTimes.P95)} ms) |");
        report.AppendLine(inv, $"| first PUT → last COMPLETED (processedAt) | {span.TotalSeconds:F1} s |");
        report.AppendLine(inv, $"| throughput | {completed.Count / span.TotalSeconds:F2} files/s, {megabytes / span.TotalSeconds:F1} MB/s |");
        report.AppendLine(inv, $"| PUT answered → COMPLETED (processedAt): median / p95 / max | {Stats.Ms(latency.Median)} / {Stats.Ms(latency.P95)} / {Stats.Ms(latency.Max)} ms (n = {latency.Count}) |");
        report.AppendLine(inv, $"| of which PUT answered → UPLOADED (uploadedAt is the S3 event time, not its arrival): median / p95 / max | {Stats.Ms(delivery.Median)} / {Stats.Ms(delivery.P95)} / {Stats.Ms(delivery.Max)} ms |");
        report.AppendLine(inv, $"| of which UPLOADED → COMPLETED (worker queue + processing + outputs): median / p95 / max | {Stats.Ms(afterEvent.Median)} / {Stats.Ms(afterEvent.P95)} / {Stats.Ms(afterEvent.Max)} ms |");
        report.AppendLine(inv, $"| PUT answered → COMPLETED seen by {(push ? "push" : "polling")}: median / p95 / max | {Stats.Ms(seen.Median)} / {Stats.Ms(seen.P95)} / {Stats.Ms(seen.Max)} ms (n = {seen.Count}) |");
        report.AppendLine(inv, $"| status changes seen by push / by poll (of which terminal) | {tracker.Pushed.Changes} ({tracker.Pushed.Terminal}) / {tracker.Polled.Changes} ({tracker.Polled.Terminal}) |");
        report.AppendLine(inv, $"| status requests sent / event stream connections | {tracker.StatusRequests} / {tracker.Connections} |");
        if (siloPid > 0)
        {
            var maxSampled = rssSamples.IsEmpty ? 0 : rssSamples.Max();
            report.AppendLine(inv, $"| silo RSS before → max sampled (every 200 ms) | {siloRssBefore / 1024.0:F0} → {maxSampled / 1024.0:F0} MiB |");
            report.AppendLine(inv, $"| silo peak RSS (VmHWM, whole life of the process) | **{siloHwm / 1024.0:F0} MiB** |");
            report.AppendLine(inv, $"| silo CPU during the run | {siloCpuAfter - siloCpuBefore:F1} s ({(siloCpuAfter - siloCpuBefore) / total.TotalSeconds * 100:F0} % of one core) |");
        }

        var errors = uploads.Where(u => u.Error is not null).GroupBy(u => u.Error!).Select(g => $"{g.Count()}× {g.Key}")
            .Concat(putErrors.GroupBy(e => e).Select(g => $"{g.Count()}× PUT {g.Key}")).ToList();
        if (errors.Count > 0)
        {
            report.AppendLine();
            report.AppendLine("Errors:");
            foreach (var error in errors)
            {
                report.AppendLine(inv, $"- {error}");
            }
        }

        report.AppendLine();
        var latencyMet = latency.Count == count && latency.P95 <= 1000;
        var memoryMet = siloHwm is not null && siloHwm < 1024 * 1024;
        report.AppendLine(inv, $"Targets: 5 MB photo COMPLETED ≤ 1 s (p95) after its PUT: **{(latencyMet ? "met" : "not met")}** (p95 {Stats.Ms(latency.P95)} ms, {latency.Count}/{count} completed); silo under 1 GiB: **{(siloPid == 0 ? "not measured" : memoryMet ? "met" : "not met")}** ({siloHwm / 1024.0:F0} MiB).");

        var text = report.ToString();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, text);
        Console.WriteLine(text);
        return abortReason is null ? 0 : 3;
    }

    private static async Task SampleAsync(int pid, ConcurrentQueue<long> samples, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            if (Machine.StatusKiB(pid, "VmRSS") is { } rss)
            {
                samples.Enqueue(rss);
            }

            try
            {
                await Task.Delay(200, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static HttpClient Client(Uri gateway, string token, string tenant, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = gateway, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Add("X-Tenant-ID", tenant);
        return client;
    }

    /// <summary>A development token as the gateway's dev-token command issues (same key, issuer and audience).</summary>
    private static string Token(Args args, string tenant, string user, string role)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = args.Text("issuer", "buildpeer"),
            Audience = args.Text("audience", "buildpeer-uploads"),
            Subject = new ClaimsIdentity([new Claim("sub", user), new Claim("role", role), new Claim("tenants", tenant)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(2),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(args.Text("signing-key", DevelopmentSigningKey))), SecurityAlgorithms.HmacSha256),
        });
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Could not {what}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
