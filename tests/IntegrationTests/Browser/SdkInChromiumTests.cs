using System.Collections.Concurrent;
using System.Text.Json;
using BuildPeer.IntegrationTests.Client;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing.Images;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The TypeScript SDK's vendored browser build in Debian's Chromium, against the real gateway, silo and stack: the
/// result over the SignalR hub (or the event stream without it), a multipart upload cut off by a reload that resumes from IndexedDB, and that store's
/// own keeping and pruning.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class SdkInChromiumTests(ServiceHostsFixture hosts, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private static readonly TimeSpan ProcessingDeadline = TimeSpan.FromSeconds(90);
    private string _project = string.Empty;
    private string _token = string.Empty;

    public async Task InitializeAsync()
    {
        await StorageCors.AssertAllowsUploadsFromAsync(hosts.GatewayAddress);
        _project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        _token = TestUploaders.TokenFor(hosts, "alice", "acme");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_small_photo_goes_up_in_one_PUT_and_its_result_comes_over_the_hub()
    {
        var photo = GeneratedImages.Jpeg(640, 480);
        await using var page = await SdkPage.OpenAsync(chromium.Browser, hosts.GatewayAddress, _token);
        var requests = Record(page.Page, () => 1);
        var hubSockets = new ConcurrentQueue<string>();
        page.Page.WebSocket += (_, socket) => hubSockets.Enqueue(socket.Url);

        var result = await EvaluateAsync<JsonElement>(page, requests, """
            async ({ projectId, base64 }) => {
              const acknowledged = [];
              const result = await window.makeClient().upload(window.sdk.fromBlob(window.fileOf(base64, 'site photo.jpg', 'image/jpeg')), {
                projectId, checksum: true, onProgress: (progress) => acknowledged.push(progress.bytesAcknowledged),
                onStatus: (update) => console.log(`status ${update.status} ${update.version}`),
              });
              return { ...result, acknowledged };
            }
            """, new { projectId = _project, base64 = Convert.ToBase64String(photo) }, ProcessingDeadline);

        Assert.Equal("COMPLETED", result.GetProperty("status").GetString());
        Assert.Contains("X-Amz-Signature=", result.GetProperty("downloadUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, result.GetProperty("partsSent").GetInt32());
        Assert.Single(requests, request => request.Method == "PUT");
        // The result came over the hub's WebSocket: neither the event stream nor polling was asked.
        Assert.Contains(hubSockets, url => new Uri(url).AbsolutePath == "/hubs/uploads");
        Assert.DoesNotContain(requests, request => request.Path.EndsWith("/events", StringComparison.Ordinal) || request.Path.EndsWith("/status", StringComparison.Ordinal));
        var acknowledged = Numbers(result, "acknowledged");
        Assert.Equal(acknowledged.Order(), acknowledged);
        Assert.Equal(photo.Length, acknowledged[^1]);
    }

    [Fact]
    public async Task Without_the_hub_the_result_comes_by_the_event_stream()
    {
        await using var page = await SdkPage.OpenAsync(chromium.Browser, hosts.GatewayAddress, _token);
        // A gateway without the hub (or a proxy refusing it) answers 404 to the negotiate request.
        await page.Page.RouteAsync("**/hubs/uploads/**", route => route.FulfillAsync(new() { Status = 404 }));
        var requests = Record(page.Page, () => 1);

        var status = await EvaluateAsync<string>(page, requests, """
            async ({ projectId, base64 }) => (await window.makeClient().upload(
              window.sdk.fromBlob(window.fileOf(base64, 'streamed.png', 'image/png')),
              { projectId, onStatus: (update) => console.log(`status ${update.status}`) })).status
            """, new { projectId = _project, base64 = Convert.ToBase64String(GeneratedImages.TransparentPng(300, 200)) }, ProcessingDeadline);

        Assert.Equal("COMPLETED", status);
        Assert.Single(requests, request => request.Path.EndsWith("/negotiate", StringComparison.Ordinal));
        Assert.Single(requests, request => request.Path.EndsWith("/events", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, request => request.Path.EndsWith("/status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_multipart_upload_cut_off_by_a_reload_resumes_from_IndexedDB_sending_only_the_missing_parts()
    {
        // 12 MiB: parts of 5, 5 and 2 MiB. In the first tab only part 1 gets through.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var page = await SdkPage.OpenAsync(chromium.Browser, hosts.GatewayAddress, _token);
        var run = 1;
        var requests = Record(page.Page, () => Volatile.Read(ref run));
        var held = new ConcurrentQueue<IRoute>();
        await page.Page.RouteAsync(url => UploaderPageTests.PartNumberOf(url) is 2 or 3, route =>
        {
            held.Enqueue(route); // never answered: the tab goes while these are on their way
            return Task.CompletedTask;
        });

        // The store is watched so the tab is reloaded right after part 1's record is written, not at a guessed time.
        var recorded = await EvaluateAsync<int[]>(page, requests, """
            async ({ projectId, size }) => {
              const store = new window.IndexedDbStateStore();
              let partRecorded;
              const written = new Promise((resolve) => { partRecorded = resolve; });
              const watched = {
                get: (key) => store.get(key),
                delete: (key) => store.delete(key),
                set: async (key, record) => {
                  await store.set(key, record);
                  if (record.parts.length > 0) partRecorded(record.parts.map((part) => part.partNumber));
                },
              };
              window.makeClient(watched).upload(window.sdk.fromBlob(window.drawingOf('plan.dwg', size)), { projectId }).catch(() => {});
              return await written;
            }
            """, new { projectId = _project, size = 12 * MiB }, TimeSpan.FromSeconds(30));
        Assert.Equal([1], recorded);
        var cutOffAt = clock.Elapsed;

        Volatile.Write(ref run, 2);
        await page.ReloadAsync(); // aborts the held PUTs of parts 2 and 3 with the tab's state
        await page.Page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        var result = await EvaluateAsync<JsonElement>(page, requests, """
            async ({ projectId, size }) => {
              const acknowledged = [];
              const sent = [];
              const store = new window.IndexedDbStateStore();
              const source = window.sdk.fromBlob(window.drawingOf('plan.dwg', size));
              const result = await window.makeClient(store).upload(source, {
                projectId, onProgress: (progress) => { acknowledged.push(progress.bytesAcknowledged); sent.push(progress.bytesSent); },
                onStatus: (update) => console.log(`status ${update.status} ${update.version}`),
              });
              return { ...result, acknowledged, sent, forgotten: (await store.get(`${projectId}|${source.identity}`)) === undefined };
            }
            """, new { projectId = _project, size = 12 * MiB }, ProcessingDeadline);

        Assert.Equal("COMPLETED", result.GetProperty("status").GetString());
        Assert.True(result.GetProperty("resumed").GetBoolean());
        Assert.Equal(2, result.GetProperty("partsSent").GetInt32());
        Assert.True(result.GetProperty("forgotten").GetBoolean(), "a finished upload's record is deleted");
        Assert.Equal(2, held.Count);
        Assert.Equal([1, 2, 3], PartsPut(requests, run: 1));
        Assert.Equal([2, 3], PartsPut(requests, run: 2));
        var resumed = requests.Where(request => request.Run == 2).ToList();
        Assert.DoesNotContain(resumed, request => request.Path.EndsWith("/initiate", StringComparison.Ordinal));
        Assert.Single(resumed, request => request.Method == "POST" && request.Path.EndsWith("/parts", StringComparison.Ordinal));
        Assert.DoesNotContain(resumed, request => request.Path.EndsWith("/events", StringComparison.Ordinal) || request.Path.EndsWith("/status", StringComparison.Ordinal));
        // Progress starts at the part stored before the reload and never goes backwards.
        var acknowledged = Numbers(result, "acknowledged");
        var sent = Numbers(result, "sent");
        Assert.Equal(5 * MiB, acknowledged[0]);
        Assert.Equal(acknowledged.Order(), acknowledged);
        Assert.Equal(sent.Order(), sent);
        Assert.Equal(12 * MiB, acknowledged[^1]);
        output.WriteLine($"part 1 recorded after {cutOffAt}, resumed upload COMPLETED after {clock.Elapsed}");
        output.WriteLine($"requests:\n{Describe(requests)}");
    }

    [Fact]
    public async Task The_IndexedDB_store_keeps_records_across_a_reload_and_drops_stale_ones_when_it_opens()
    {
        await using var page = await SdkPage.OpenAsync(chromium.Browser, hosts.GatewayAddress, _token);
        await page.Page.EvaluateAsync("""
            async () => {
              const record = { uploadId: 'u1', method: 'MULTIPART', size: 12, partSize: 5, parts: [{ partNumber: 1, etag: '"e1"' }] };
              await new window.IndexedDbStateStore({ now: () => Date.now() - 2 * 24 * 60 * 60 * 1000 }).set('written two days ago', record);
              const store = new window.IndexedDbStateStore();
              await store.set('kept', record);
              await store.set('deleted', record);
              await store.delete('deleted');
            }
            """);

        await page.ReloadAsync();
        var after = await page.Page.EvaluateAsync<JsonElement>("""
            async () => {
              const kept = await new window.IndexedDbStateStore().get('kept');
              const keys = await new Promise((resolve, reject) => {
                const opening = indexedDB.open('buildpeer-uploads');
                opening.onerror = () => reject(opening.error);
                opening.onsuccess = () => {
                  const reading = opening.result.transaction('resume').objectStore('resume').getAllKeys();
                  reading.onsuccess = () => { opening.result.close(); resolve(reading.result); };
                };
              });
              return { kept, keys };
            }
            """);

        Assert.Equal(["kept"], after.GetProperty("keys").EnumerateArray().Select(key => key.GetString()));
        Assert.Equal("\"e1\"", after.GetProperty("kept").GetProperty("parts")[0].GetProperty("etag").GetString());
    }

    /// <summary>Runs a script of the page, and when it outlives <paramref name="deadline"/> says what the page did.</summary>
    private async Task<T> EvaluateAsync<T>(SdkPage page, IEnumerable<Sent> requests, string script, object argument, TimeSpan deadline)
    {
        try
        {
            return await page.Page.EvaluateAsync<T>(script, argument).WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            output.WriteLine($"console:\n{string.Join("\n", page.Console)}");
            output.WriteLine($"requests:\n{Describe(requests)}");
            throw;
        }
    }

    private sealed record Sent(int Run, string Method, string Path, int? Part);

    /// <summary>Every request the page makes from now on, with the run it belongs to.</summary>
    private static ConcurrentQueue<Sent> Record(IPage page, Func<int> run)
    {
        var requests = new ConcurrentQueue<Sent>();
        page.Request += (_, request) => requests.Enqueue(
            new Sent(run(), request.Method, new Uri(request.Url).AbsolutePath, UploaderPageTests.PartNumberOf(request.Url)));
        return requests;
    }

    private static string Describe(IEnumerable<Sent> requests) =>
        string.Join("\n", requests.Select(request => $"{request.Run} {request.Method} {request.Path} {request.Part}"));

    private static int[] PartsPut(IEnumerable<Sent> requests, int run) =>
        [.. requests.Where(request => request.Run == run && request.Method == "PUT" && request.Part is not null).Select(request => request.Part!.Value).Order()];

    private static long[] Numbers(JsonElement result, string name) =>
        [.. result.GetProperty(name).EnumerateArray().Select(value => value.GetInt64())];
}
