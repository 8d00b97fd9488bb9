using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Processing;
using BuildPeer.UnitTests.Processing.Images;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The operators' page, /admin, in Chromium against the real hosts: an operator sees the uploads by status and the
/// queues drawn from the overview API and peeks at the dead-letter queue; anyone else is refused by the API.
/// Screenshots go to artifacts/test-results/browser.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class AdminPageTests(ServiceHostsFixture hosts, ChromiumFixture chromium, ITestOutputHelper output)
    : UploaderInNewProject(hosts), IClassFixture<ChromiumFixture>
{
    private const string DeadLetterQueueName = "upload-events-dlq";

    [Fact]
    public async Task An_operator_sees_uploads_by_status_and_the_queues_and_peeks_at_the_dead_letters()
    {
        await ProcessedUploads.UploadAndAwaitAsync(Alice, Project, "site.jpg", "image/jpeg", GeneratedImages.Jpeg(320, 240));
        await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File("later.jpg", "image/jpeg", 100));
        var letter = $"not an S3 event {Guid.NewGuid():N}";
        using var sqs = new AmazonSQSClient();
        var deadLetters = (await sqs.GetQueueUrlAsync(DeadLetterQueueName)).QueueUrl;
        var sent = await sqs.SendMessageAsync(deadLetters, letter);
        try
        {
            var page = await OpenAdminPageAsync(Hosts.Tokens.Issue("ops", ["acme"], "operator", TimeSpan.FromMinutes(10)));

            var statusBars = page.Locator("#status-chart g[data-label]");
            await Assertions.Expect(page.Locator("#status-chart g[data-label='COMPLETED']")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#status-chart g[data-label='PENDING']")).ToHaveCountAsync(1);
            Assert.True(int.Parse(await page.Locator("#status-chart g[data-label='COMPLETED']").GetAttributeAsync("data-value") ?? "0",
                System.Globalization.CultureInfo.InvariantCulture) >= 1);
            Assert.Equal(4, await page.Locator("#queue-chart g[data-label]").CountAsync());
            await Assertions.Expect(page.Locator("#queue-history polyline")).ToHaveCountAsync(3);
            // The oldest ten of the whole service (the test's PENDING upload among them only on a fresh database).
            var oldest = await page.Locator("#lag-chart g[data-label]").EvaluateAllAsync<string[]>("bars => bars.map(bar => bar.dataset.label)");
            Assert.InRange(oldest.Length, 1, 10);
            Assert.All(oldest, label => Assert.Matches("^(PENDING|UPLOADED|PROCESSING) ", label));
            Assert.True(int.Parse(await page.Locator($"#queue-chart g[data-label='{DeadLetterQueueName}: visible']").GetAttributeAsync("data-value") ?? "0",
                System.Globalization.CultureInfo.InvariantCulture) >= 1);

            await page.GetByRole(AriaRole.Button, new() { Name = "Peek" }).ClickAsync();

            await Assertions.Expect(page.Locator("#dlq-messages tbody tr", new() { HasText = sent.MessageId })).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#dlq-result")).ToContainTextAsync("(peeked, not taken)");
            Assert.Empty(await page.Locator("#admin-error:not([hidden])").AllAsync());
            var path = Path.Combine(ChromiumFixture.ArtifactsDirectory, "admin-overview.png");
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            output.WriteLine($"screenshot: {path} ({await statusBars.CountAsync()} statuses)");
        }
        finally
        {
            await DeleteAsync(sqs, deadLetters, letter);
        }
    }

    [Fact]
    public async Task A_tenant_administrator_is_refused_and_sees_no_data()
    {
        var page = await OpenAdminPageAsync(Hosts.Tokens.Issue(TestProjects.AdminUser, ["acme"], "admin", TimeSpan.FromMinutes(10)));

        await Assertions.Expect(page.Locator("#admin-error")).ToContainTextAsync("Refused (403, not_permitted)");
        Assert.True(await page.Locator("#admin-data").IsHiddenAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ArtifactsDirectory, "admin-refused.png"), FullPage = true });
    }

    [Fact]
    public async Task Without_a_token_the_data_calls_answer_401_problems()
    {
        using var anonymous = Hosts.CreateAnonymousClient();

        var page = await anonymous.GetAsync("admin");
        var overview = await anonymous.GetAsync("api/admin/uploads/overview");

        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("admin.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, overview.StatusCode);
        Assert.Equal("application/problem+json", overview.Content.Headers.ContentType?.MediaType);
    }

    private async Task<IPage> OpenAdminPageAsync(string token)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Hosts.GatewayAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1000, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Bearer token with the operator role" }).FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this token" }).ClickAsync();
        await Assertions.Expect(page.Locator("#admin-updated, #admin-error").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(".+") }))
            .Not.ToHaveCountAsync(0);
        Assert.Empty(scriptErrors);
        return page;
    }

    /// <summary>Takes the test's own letter off the shared dead-letter queue (others' letters are left visible again).</summary>
    private static async Task DeleteAsync(AmazonSQSClient sqs, string queueUrl, string body)
    {
        // A letter the page's peek still holds is invisible for a few seconds: keep asking for a while.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(queueUrl)
            {
                MaxNumberOfMessages = 10,
                VisibilityTimeout = 5,
                WaitTimeSeconds = 1,
            });
            foreach (var message in received.Messages ?? [])
            {
                if (message.Body == body)
                {
                    await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
                    return;
                }

                await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 0);
            }
        }
    }
}
