using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.Grains.Abstractions.Devices;
using BuildPeer.IntegrationTests.Digest;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Processing;
using BuildPeer.UnitTests.Processing.Images;
using Microsoft.Extensions.DependencyInjection;
using static BuildPeer.IntegrationTests.Digest.DigestTeam;

namespace BuildPeer.IntegrationTests.MobilePush;

/// <summary>
/// Mobile push end to end: devices registered through the gateway, real processing ends uploads, the grains announce
/// them on the real topic, the push consumer reads its subscription and sends through a real (fake) FCM server.
/// </summary>
[Collection(MobilePushHostsCollection.Name)]
public sealed class MobilePushTests(MobilePushHostsFixture hosts)
{
    private static readonly TimeSpan PushDeadline = TimeSpan.FromSeconds(60);

    // Long enough for the consumer to have received (2 s polls) and handled anything it would push.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(6);

    private FakeFcm Fcm => hosts.Fcm;

    [Fact]
    public async Task A_finished_upload_is_pushed_once_to_each_device_of_the_uploader_in_its_language()
    {
        var team = await CreateAsync(hosts);
        using var uploader = hosts.CreateClient(team.Uploader, Tenant);
        using var manager = hosts.CreateClient(team.Manager, Tenant);
        using var uploaderElsewhere = hosts.CreateClient(team.Uploader, "globex");
        string spanish = FakeFcm.NewDeviceToken(), english = FakeFcm.NewDeviceToken(), managers = FakeFcm.NewDeviceToken(), otherTenant = FakeFcm.NewDeviceToken();
        await RegisterAsync(uploader, spanish, "android", "es-MX", HttpStatusCode.Created);
        await RegisterAsync(uploader, english, "ios", null, HttpStatusCode.Created);
        await RegisterAsync(manager, managers, "android", "en-US", HttpStatusCode.Created);
        await RegisterAsync(uploaderElsewhere, otherTenant, "web", "en", HttpStatusCode.Created);

        var uploadId = await UploadAndFinishAsync(uploader, team, "facade.jpg");

        var toSpanish = await SinglePushAsync(spanish);
        var toEnglish = await SinglePushAsync(english);
        Assert.Equal(("Carga completada", $"facade.jpg está listo en Test project {team.ProjectId}."), (toSpanish.Title, toSpanish.Body));
        Assert.Equal(("Upload complete", $"facade.jpg is ready in Test project {team.ProjectId}."), (toEnglish.Title, toEnglish.Body));
        foreach (var push in new[] { toSpanish, toEnglish })
        {
            Assert.Equal(uploadId.ToString("D"), push.Data("uploadId"));
            Assert.Equal(team.ProjectId, push.Data("projectId"));
            Assert.Equal("COMPLETED", push.Data("status"));
            Assert.Contains("thumbnailUrl", push.Message["data"]!.AsObject().Select(pair => pair.Key));
        }

        Assert.Empty(Fcm.ReceivedFor(managers));
        Assert.Empty(Fcm.ReceivedFor(otherTenant));
    }

    [Theory]
    [InlineData(0)] // the first delivery is settled
    [InlineData(4)] // its send still waits on FCM's answer when the copy arrives
    public async Task A_notification_delivered_again_is_not_pushed_again(int fcmAnswersAfterSeconds)
    {
        var team = await CreateAsync(hosts);
        using var uploader = hosts.CreateClient(team.Uploader, Tenant);
        var device = FakeFcm.NewDeviceToken();
        await RegisterAsync(uploader, device, "android", "en", HttpStatusCode.Created);
        Fcm.Script(device, FcmScript.SlowOk(TimeSpan.FromSeconds(fcmAnswersAfterSeconds)));
        var uploadId = await UploadAndFinishAsync(uploader, team, "twice.jpg");
        await SinglePushAsync(device, quietAfter: false);

        await PublishAgainAsync(uploadId, team.ProjectId);
        await Task.Delay(Quiet);

        Assert.Single(Fcm.ReceivedFor(device));
    }

    [Fact]
    public async Task A_token_FCM_no_longer_knows_is_removed_from_the_users_devices()
    {
        var team = await CreateAsync(hosts);
        using var uploader = hosts.CreateClient(team.Uploader, Tenant);
        string dead = FakeFcm.NewDeviceToken(), alive = FakeFcm.NewDeviceToken();
        await RegisterAsync(uploader, dead, "android", "en", HttpStatusCode.Created);
        await RegisterAsync(uploader, alive, "ios", "en", HttpStatusCode.Created);
        Fcm.Script(dead, FcmScript.Unregistered);

        await UploadAndFinishAsync(uploader, team, "gone.jpg");

        await SinglePushAsync(alive);
        var devices = await Eventually.MatchesAsync(() => DeviceTokensAsync(uploader), tokens => !tokens.Contains(dead),
            PushDeadline, "the dead token to be removed");
        Assert.Equal([alive], devices);
        Assert.Single(Fcm.ReceivedFor(dead));
    }

    [Fact]
    public async Task A_throttled_push_is_sent_again_after_Retry_After()
    {
        var team = await CreateAsync(hosts);
        using var uploader = hosts.CreateClient(team.Uploader, Tenant);
        var device = FakeFcm.NewDeviceToken();
        await RegisterAsync(uploader, device, "android", "es", HttpStatusCode.Created);
        Fcm.Script(device, FcmScript.TooManyRequests(2));

        await UploadAndFinishAsync(uploader, team, "throttled.jpg");

        var pushes = await Eventually.MatchesAsync(() => Task.FromResult(Fcm.ReceivedFor(device)), received => received.Count >= 2,
            PushDeadline, "the throttled push and its retry");
        await Task.Delay(Quiet);
        pushes = Fcm.ReceivedFor(device);
        Assert.Equal(2, pushes.Count);
        Assert.False(pushes[0].Accepted);
        Assert.True(pushes[1].Accepted);
        Assert.True(pushes[1].ReceivedAt - pushes[0].ReceivedAt >= TimeSpan.FromSeconds(1.9),
            $"Retried after {(pushes[1].ReceivedAt - pushes[0].ReceivedAt).TotalSeconds:F2} s, before Retry-After (2 s).");
    }

    [Fact]
    public async Task Registering_again_refreshes_removing_is_idempotent_and_the_oldest_device_goes_past_the_cap()
    {
        using var user = hosts.CreateClient($"dave-{Guid.NewGuid():N}"[..15], Tenant);
        var first = FakeFcm.NewDeviceToken();
        await RegisterAsync(user, first, "android", "es-mx", HttpStatusCode.Created);
        await RegisterAsync(user, first, "ANDROID", "es-MX", HttpStatusCode.NoContent);
        using (var listed = await user.GetFromJsonAsync<JsonDocument>("api/me/devices"))
        {
            var device = Assert.Single(listed!.RootElement.GetProperty("devices").EnumerateArray());
            Assert.Equal(("android", "es-MX"), (device.GetProperty("platform").GetString(), device.GetProperty("locale").GetString()));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"api/me/devices/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"api/me/devices/{first}")).StatusCode);
        Assert.Empty(await DeviceTokensAsync(user));

        var tokens = Enumerable.Range(0, DeviceRegistration.MaxDevicesPerUser + 1).Select(_ => FakeFcm.NewDeviceToken()).ToList();
        foreach (var token in tokens)
        {
            await RegisterAsync(user, token, "web", "en", HttpStatusCode.Created);
        }

        var kept = await DeviceTokensAsync(user);
        Assert.Equal(DeviceRegistration.MaxDevicesPerUser, kept.Count);
        Assert.DoesNotContain(tokens[0], kept);
    }

    [Theory]
    [InlineData("short-token", "android", "en", "device_token_invalid")]
    [InlineData(null, "blackberry", "en", "device_platform_invalid")]
    [InlineData(null, null, "en", "device_platform_invalid")]
    [InlineData(null, "ios", "not a locale", "device_locale_invalid")]
    [InlineData(null, "ios", "es_MX", "device_locale_invalid")]
    public async Task Bad_registrations_are_problems_with_stable_codes(string? token, string? platform, string? locale, string code)
    {
        using var user = hosts.CreateClient("erin", Tenant);
        token ??= FakeFcm.NewDeviceToken();

        var response = await user.PutAsJsonAsync($"api/me/devices/{Uri.EscapeDataString(token)}", new { platform, locale });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Tokens_outside_FCMs_alphabet_or_length_are_refused()
    {
        using var user = hosts.CreateClient("erin", Tenant);
        var tooLong = new string('a', DeviceRegistration.MaxTokenLength + 1);
        var withDot = FakeFcm.NewDeviceToken()[..150] + ".x";

        foreach (var token in new[] { tooLong, withDot, FakeFcm.NewDeviceToken()[..150] + "%2F.." })
        {
            var put = await user.PutAsJsonAsync($"api/me/devices/{token}", new { platform = "web" });
            await ProblemAssert.IsProblemAsync(put, HttpStatusCode.BadRequest, "device_token_invalid");
        }

        await ProblemAssert.IsProblemAsync(await user.DeleteAsync($"api/me/devices/{withDot}"), HttpStatusCode.BadRequest, "device_token_invalid");
    }

    [Fact]
    public async Task The_silo_is_ready_with_an_access_token_from_the_service_account()
    {
        using var client = new HttpClient { BaseAddress = hosts.SiloAddress };

        var response = await client.GetAsync("health/ready");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains("mobile-push", body, StringComparison.Ordinal);
        Assert.True(Fcm.TokenRequests >= 1);
    }

    private static async Task RegisterAsync(HttpClient client, string token, string platform, string? locale, HttpStatusCode expected)
    {
        var response = await client.PutAsJsonAsync($"api/me/devices/{token}", new { platform, locale });
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<IReadOnlyList<string>> DeviceTokensAsync(HttpClient client)
    {
        using var listed = await client.GetFromJsonAsync<JsonDocument>("api/me/devices");
        return [.. listed!.RootElement.GetProperty("devices").EnumerateArray().Select(device => device.GetProperty("token").GetString()!)];
    }

    private async Task<Guid> UploadAndFinishAsync(HttpClient uploader, DigestTeam team, string fileName)
    {
        var uploadId = await ProcessedUploads.UploadAsync(uploader, team.ProjectId, fileName, "image/jpeg", GeneratedImages.Jpeg(320, 240));
        await ObjectEvents.DeliverAsync(hosts.SiloServices, Tenant, team.ProjectId, uploadId, fileName);
        ProcessedUploads.AssertStatus(await ProcessedUploads.AwaitFinishedAsync(uploader, uploadId), "COMPLETED");
        return uploadId;
    }

    /// <summary>The push to <paramref name="token"/>, once it came, after making sure (by default) no second one follows.</summary>
    /// <summary>What an at-least-once topic may do: the upload's announcement again, under another message id.</summary>
    private async Task PublishAgainAsync(Guid uploadId, string projectId)
    {
        var topicArn = await hosts.Sns.CreateTopicAsync(LocalStack.Get("Sns__UploadCompletedTopicName"), CancellationToken.None);
        var again = JsonSerializer.Serialize(new
        {
            uploadId, tenantId = Tenant, projectId, status = "COMPLETED", thumbnailUrl = (string?)null,
            notificationId = $"{uploadId}:1", occurredAt = DateTimeOffset.UtcNow,
        });
        await hosts.Sns.SendAsync("Publish", [new("TopicArn", topicArn), new("Message", again)], CancellationToken.None);
    }

    private async Task<ReceivedPush> SinglePushAsync(string token, bool quietAfter = true)
    {
        var first = (await Eventually.MatchesAsync(() => Task.FromResult(Fcm.ReceivedFor(token)), received => received.Count >= 1,
            PushDeadline, "a push"))[0];
        if (quietAfter)
        {
            await Task.Delay(Quiet);
            Assert.Single(Fcm.ReceivedFor(token));
        }

        return first;
    }
}
