using System.Collections.Concurrent;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Processing;
using Microsoft.Playwright;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The page keeps each unfinished upload in IndexedDB: after a reload (or a killed tab) the same file picked again
/// goes on where it stopped, in Debian's Chromium against the real gateway, silo and stack.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class ResumablePageTests(ServiceHostsFixture hosts, ChromiumFixture chromium)
    : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const int FileSize = 12 * 1024 * 1024; // three parts of 5 MiB, the last one shorter
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly string _drawing = Path.Combine(Path.GetTempPath(), $"resume-{Guid.NewGuid():N}.dwg");

    private readonly string _user = PageUsers.New("resumer");
    private UploaderPageDriver _page = null!;
    private string _project = "";

    private string Name => Path.GetFileName(_drawing);

    private ILocator Unfinished => _page.Page.Locator("#unfinished li");

    public async Task InitializeAsync()
    {
        await File.WriteAllBytesAsync(_drawing, ProcessingFixtures.DwgLike(FileSize));
        _project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", _user);
        _page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);
    }

    public async Task DisposeAsync()
    {
        await _page.DisposeAsync();
        File.Delete(_drawing);
    }

    [Fact]
    public async Task A_reloaded_page_resumes_the_same_file_without_sending_an_acknowledged_part_again()
    {
        var storage = await StopAfterTheFirstPartAndReloadAsync();

        await _page.ChooseProjectAsync(_project);
        await _page.Page.GetByRole(AriaRole.Button, new() { Name = $"Discard {Name}" }).WaitForAsync();
        Assert.Contains($"{Name} (12 MB) to {_project}: 1 of 3 parts stored", await _page.Page.Locator("#unfinished").InnerTextAsync());
        await _page.ChooseFilesAsync(_drawing);

        var phase = await _page.WaitForPhaseAsync(Name, Deadline, "done", "failed");
        Assert.True(phase == "done", await _page.RowTextAsync(Name));
        Assert.Equal(1, storage.Sent(1)); // part 1 went once, before the reload
        Assert.Equal(new[] { 1, 1, 1 }, new[] { 1, 2, 3 }.Select(storage.Acknowledged));
        Assert.Equal(0, await Unfinished.CountAsync());
        Assert.Empty(await StoredAsync());
        Assert.Empty(_page.ScriptErrors);
    }

    [Fact]
    public async Task Discard_aborts_an_unfinished_upload_and_removes_its_record()
    {
        await StopAfterTheFirstPartAndReloadAsync();
        var uploadId = (await StoredAsync()).Single().GetProperty("uploadId").GetGuid();

        await _page.ChooseProjectAsync(_project);
        await _page.Page.GetByRole(AriaRole.Button, new() { Name = $"Discard {Name}" }).ClickAsync();

        await _page.Page.Locator("#unfinished-note").GetByText($"{Name}: unfinished upload discarded.").WaitForAsync();
        Assert.Equal(0, await Unfinished.CountAsync());
        Assert.Empty(await StoredAsync());
        using var owner = hosts.CreateClient(_user, "acme");
        var record = await ApiCalls.GetJsonAsync(owner, $"api/uploads/{uploadId}");
        Assert.Equal("ABORTED", record.GetProperty("status").GetString());
        Assert.Empty(_page.ScriptErrors);
    }

    [Fact]
    public async Task Another_file_under_the_name_of_an_unfinished_upload_is_refused()
    {
        await StopAfterTheFirstPartAndReloadAsync();
        var stored = (await StoredAsync()).Single();

        await _page.ChooseProjectAsync(_project);
        await _page.Page.GetByRole(AriaRole.Button, new() { Name = $"Discard {Name}" }).WaitForAsync();
        await _page.Page.GetByLabel("Or choose files").SetInputFilesAsync(new FilePayload
        {
            Name = Name,
            MimeType = "application/octet-stream",
            Buffer = ProcessingFixtures.DwgLike(1024 * 1024),
        });

        Assert.Equal("failed", await _page.WaitForPhaseAsync(Name, Deadline, "failed", "uploading", "done"));
        Assert.Contains("(file_changed)", await _page.RowTextAsync(Name), StringComparison.Ordinal);
        Assert.Equal(stored.GetRawText(), (await StoredAsync()).Single().GetRawText());
        Assert.Equal(1, await Unfinished.CountAsync());
        Assert.Empty(_page.ScriptErrors);
    }

    [Fact]
    public async Task An_unfinished_upload_the_server_no_longer_holds_open_is_dropped_with_the_reason()
    {
        await StopAfterTheFirstPartAndReloadAsync();
        await AbortTheStoredUploadElsewhereAsync();

        await _page.ChooseProjectAsync(_project);
        await _page.ChooseFilesAsync(_drawing);

        Assert.Equal("failed", await _page.WaitForPhaseAsync(Name, Deadline, "failed", "done"));
        var row = await _page.RowTextAsync(Name);
        Assert.Contains("Its unfinished upload cannot be resumed: it is aborted on the server.", row, StringComparison.Ordinal);
        Assert.Contains("(upload_closed)", row, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
        Assert.Equal(0, await Unfinished.CountAsync());
        Assert.Empty(_page.ScriptErrors);
    }

    [Fact]
    public async Task An_unfinished_upload_aborted_elsewhere_is_taken_off_the_list_with_the_reason()
    {
        await StopAfterTheFirstPartAndReloadAsync();
        await AbortTheStoredUploadElsewhereAsync();

        await _page.Page.ReloadAsync();
        await _page.ChooseProjectAsync(_project);

        await _page.Page.Locator("#unfinished-note")
            .GetByText($"{Name} cannot be resumed: it is aborted on the server. Taken off the list.").WaitForAsync();
        Assert.Equal(0, await Unfinished.CountAsync());
        Assert.Empty(await StoredAsync());
        Assert.Empty(_page.ScriptErrors);
    }

    [Fact]
    public async Task A_reloaded_page_resumes_a_single_put_with_a_url_signed_again()
    {
        await File.WriteAllBytesAsync(_drawing, ProcessingFixtures.DwgLike(1024 * 1024));
        var storage = await StopAndReloadAsync(url => IsStorage(url) && UploaderPageTests.PartNumberOf(url) is null, storedPart: null);
        var resigned = 0;
        _page.Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/url", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref resigned);
            }
        };

        await _page.ChooseProjectAsync(_project);
        await _page.ChooseFilesAsync(_drawing);

        var phase = await _page.WaitForPhaseAsync(Name, Deadline, "done", "failed");
        Assert.True(phase == "done", await _page.RowTextAsync(Name));
        Assert.Equal(1, resigned);
        Assert.Equal(1, storage.Acknowledged(StorageTraffic.SinglePut));
        Assert.Empty(await StoredAsync());
        Assert.Empty(_page.ScriptErrors);
    }

    /// <summary>
    /// Sends the file until storage has acknowledged part 1 and the page has stored its ETag, then reloads the page.
    /// Parts 2 and 3 are aborted on their way (a link that dies) until the reload, so no byte of them reaches storage
    /// before it; afterwards they go through. Returns once the reloaded page has asked the server about the upload.
    /// </summary>
    private Task<StorageTraffic> StopAfterTheFirstPartAndReloadAsync() =>
        StopAndReloadAsync(url => UploaderPageTests.PartNumberOf(url) is > 1, storedPart: 1);

    /// <summary>
    /// Sends the file with the PUTs to <paramref name="blocked"/> URLs aborted until the page has stored the upload
    /// (with <paramref name="storedPart"/>'s ETag when named), then reloads the page.
    /// </summary>
    private async Task<StorageTraffic> StopAndReloadAsync(Func<string, bool> blocked, int? storedPart)
    {
        var traffic = new StorageTraffic(_page.Page);
        var reloaded = false;
        await _page.Page.RouteAsync(blocked, async route =>
        {
            if (reloaded || route.Request.Method != "PUT")
            {
                await route.ContinueAsync();
            }
            else
            {
                await route.AbortAsync("internetdisconnected");
            }
        });
        // The page warns that a reload stops the transfers; the person leaves anyway.
        _page.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await _page.SignInWithDevelopmentTokenAsync(_user, "acme");
        await _page.ChooseProjectAsync(_project);
        await _page.ChooseFilesAsync(_drawing);
        await _page.Page.WaitForFunctionAsync(Stored, storedPart, new() { Timeout = 60_000, PollingInterval = 100 });
        Assert.Equal(storedPart is null ? 0 : 1, traffic.Acknowledged());

        await _page.Page.RunAndWaitForResponseAsync(() => _page.Page.ReloadAsync(),
            response => response.Url.EndsWith("/status", StringComparison.Ordinal) && response.Ok);
        reloaded = true;
        return traffic;
    }

    /// <summary>The upload is aborted from another client, as from another device of the same person.</summary>
    private async Task AbortTheStoredUploadElsewhereAsync()
    {
        var uploadId = (await StoredAsync()).Single().GetProperty("uploadId").GetGuid();
        using var owner = hosts.CreateClient(_user, "acme");
        (await owner.PostAsync($"api/uploads/{uploadId}/abort", null)).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// True once the page's store holds an upload (with that part's ETag when a part number is given). IndexedDB answers asynchronously and a polled predicate must
    /// answer at once, so each poll starts a read and returns what the previous one found. The read never creates
    /// the database: that is the page's to create, with its object store.
    /// </summary>
    private const string Stored = """
        (partNumber) => {
          const open = indexedDB.open('buildpeer-uploader');
          open.onupgradeneeded = () => open.transaction.abort();
          open.onsuccess = () => {
            const database = open.result;
            if (!database.objectStoreNames.contains('uploads')) return database.close();
            const all = database.transaction('uploads').objectStore('uploads').getAll();
            all.onsuccess = () => {
              window.stored = all.result.some((r) => partNumber === null || r.parts.some((p) => p.partNumber === partNumber && p.etag));
              database.close();
            };
          };
          return window.stored === true;
        }
        """;

    private async Task<JsonElement[]> StoredAsync() =>
        (await _page.Page.EvaluateAsync<JsonElement>("""
            () => new Promise((resolve, reject) => {
              const open = indexedDB.open('buildpeer-uploader');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const all = open.result.transaction('uploads').objectStore('uploads').getAll();
                all.onsuccess = () => {
                  resolve(all.result);
                  open.result.close();
                };
                all.onerror = () => reject(all.error);
              };
            })
            """)).EnumerateArray().ToArray();

    private static bool IsStorage(string url) => url.Contains("X-Amz-Signature=", StringComparison.Ordinal);

    /// <summary>PUTs to storage the page started and those storage acknowledged, by part number.</summary>
    private sealed class StorageTraffic
    {
        /// <summary>The "part number" of a single PUT.</summary>
        public const int SinglePut = 0;

        private readonly ConcurrentDictionary<int, int> _sent = new();
        private readonly ConcurrentDictionary<int, int> _acknowledged = new();

        public StorageTraffic(IPage page)
        {
            page.Request += (_, request) =>
            {
                if (request.Method == "PUT" && IsStorage(request.Url))
                {
                    _sent.AddOrUpdate(UploaderPageTests.PartNumberOf(request.Url) ?? SinglePut, 1, (_, count) => count + 1);
                }
            };
            page.Response += (_, response) =>
            {
                if (response.Request.Method == "PUT" && response.Ok && IsStorage(response.Url))
                {
                    _acknowledged.AddOrUpdate(UploaderPageTests.PartNumberOf(response.Url) ?? SinglePut, 1, (_, count) => count + 1);
                }
            };
        }

        public int Sent(int part) => _sent.GetValueOrDefault(part);

        public int Acknowledged(int part) => _acknowledged.GetValueOrDefault(part);

        public int Acknowledged() => _acknowledged.Values.Sum();
    }
}
