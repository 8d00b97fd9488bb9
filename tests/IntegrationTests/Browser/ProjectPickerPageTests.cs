using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing.Images;
using Microsoft.Playwright;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The project picker of a person in more projects than one page shows: "More…" loads the next page, and the search
/// box finds a project by part of its name on the server, whichever page it would be on.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class ProjectPickerPageTests(ServiceHostsFixture hosts, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    // The page asks for 50 projects at a time (projectPageSize in app.js).
    private const int PageSize = 50;

    [Fact]
    public async Task A_member_of_more_projects_than_a_page_finds_one_by_part_of_its_name_and_uploads_into_it()
    {
        var user = PageUsers.New("picker");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var members = new Dictionary<string, string> { [user] = "UPLOADER" };
        var filler = new List<string>();
        foreach (var batch in Enumerable.Range(0, PageSize + 5).Chunk(8))
        {
            filler.AddRange(await Task.WhenAll(batch.Select(index =>
                TestProjects.CreateAsync(hosts, "acme", members, name: $"Block {index:D2} {suffix}"))));
        }

        // Last by name, so on no first page.
        var wanted = await TestProjects.CreateAsync(hosts, "acme", members, name: $"Zebra Crossing {suffix}");
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);
        await page.SignInWithDevelopmentTokenAsync(user, "acme");
        var more = page.Page.GetByRole(AriaRole.Button, new() { Name = "More…" });
        var options = page.Page.Locator("#project option");

        await more.WaitForAsync();
        Assert.Equal(PageSize, await options.CountAsync());
        await more.ClickAsync();
        await more.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        Assert.Equal(filler.Count + 1, await options.CountAsync());
        Assert.Equal(filler[0], await page.Page.Locator("#project").InputValueAsync());

        await page.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Find a project" }).FillAsync($"zebra CROSSING {suffix}");
        await page.Page.WaitForFunctionAsync("wanted => [...document.querySelectorAll('#project option')].map((o) => o.value).join() === wanted", wanted);
        await page.ChooseProjectAsync(wanted);
        await page.ScreenshotAsync("project-picker-search.png");
        await page.DropFileAsync("zebra.jpg", "image/jpeg", GeneratedImages.Jpeg(640, 480));

        Assert.Equal("done", await page.WaitForPhaseAsync("zebra.jpg", TimeSpan.FromSeconds(90), "done", "failed"));
        using var client = hosts.CreateClient(user, "acme");
        var uploads = await ApiCalls.GetJsonAsync(client, $"api/projects/{wanted}/uploads");
        Assert.Equal("zebra.jpg", uploads.GetProperty("uploads")[0].GetProperty("filename").GetString());

        await page.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Find a project" }).FillAsync($"no such project {suffix}");
        await page.Page.GetByText($"No project of yours matches “no such project {suffix}”.").WaitForAsync();
        Assert.Empty(page.ScriptErrors);
    }
}
