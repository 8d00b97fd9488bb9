using System.Net.Http.Json;
using System.Text.Json;
using Amazon.SQS;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Notifications;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Notifications;
using BuildPeer.IntegrationTests.Uploads.Processing;
using BuildPeer.UnitTests.Processing.Images;
using MimeKit;
using Npgsql;
using static BuildPeer.IntegrationTests.Digest.DigestTeam;

namespace BuildPeer.IntegrationTests.Digest;

/// <summary>
/// The email digest end to end: real processing ends uploads, the grains announce them on the real topic, the digest
/// consumer reads the stack's upload-digest subscription, and the digest grains mail a real SMTP server (aiosmtpd)
/// every <see cref="DigestHostsFixture.Period"/>.
/// </summary>
[Collection(DigestHostsCollection.Name)]
public sealed class EmailDigestTests(DigestHostsFixture hosts) : IDisposable
{
    private static readonly TimeSpan MailDeadline = DigestHostsFixture.Period * 3 + TimeSpan.FromSeconds(30);

    // Long enough for another reminder tick (and a notification consumed meanwhile) to have mailed anything it would.
    private static readonly TimeSpan Quiet = DigestHostsFixture.Period + TimeSpan.FromSeconds(5);

    private readonly AmazonSQSClient _sqs = new();
    private readonly SnsQueryClient _sns = SnsQueryClient.Create(new SnsOptions(), new AwsSettings());

    [Fact]
    public async Task The_uploader_and_the_manager_each_get_one_digest_of_the_completed_failed_and_quarantined_uploads()
    {
        var team = await CreateAsync(hosts);
        using var uploader = hosts.CreateClient(team.Uploader, Tenant);
        Guid[] uploads =
        [
            await ProcessedUploads.UploadAsync(uploader, team.ProjectId, "facade.jpg", "image/jpeg", GeneratedImages.Jpeg(640, 480)),
            await ProcessedUploads.UploadAsync(uploader, team.ProjectId, "broken.jpg", "image/jpeg", GeneratedImages.TruncatedJpeg()),
            await ProcessedUploads.UploadAsync(uploader, team.ProjectId, "plan.pdf", "application/pdf", ProcessingFixtures.PdfWithEicar()),
        ];

        // All three start together, so they end well within one digest period of each other.
        await Task.WhenAll(uploads.Zip(["facade.jpg", "broken.jpg", "plan.pdf"],
            (uploadId, fileName) => ObjectEvents.DeliverAsync(hosts.SiloServices, Tenant, team.ProjectId, uploadId, fileName)));
        foreach (var uploadId in uploads)
        {
            await ProcessedUploads.AwaitFinishedAsync(uploader, uploadId);
        }

        var toUploader = await SingleDigestToAsync(AddressOf(team.Uploader));
        var toManager = await SingleDigestToAsync(AddressOf(team.Manager));

        var projectName = $"Test project {team.ProjectId}";
        Assert.Equal($"BuildPeer: 3 uploads finished in {projectName} (1 failed, 1 quarantined)", toUploader.Subject);
        Assert.Equal(toUploader.Subject, toManager.Subject);
        Assert.Equal(
            $"""
            Hello {team.Uploader},

            3 uploads finished since your last digest.

            {projectName}
              QUARANTINED  plan.pdf - malware_found
              FAILED       broken.jpg - image_corrupt
              COMPLETED    facade.jpg

            BuildPeer

            """.ReplaceLineEndings("\n"),
            toUploader.TextBody!.ReplaceLineEndings("\n"));
        Assert.Contains($"<td>broken.jpg</td><td>FAILED</td><td>image_corrupt, uploaded by {team.Uploader}</td>",
            toManager.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(["digest@buildpeer.test"], toManager.From.Mailboxes.Select(mailbox => mailbox.Address));
        Assert.NotEqual(toUploader.MessageId, toManager.MessageId);
        Assert.Empty(hosts.Mail.MessagesTo(AddressOf(team.Viewer)));
    }

    [Fact]
    public async Task A_notification_delivered_again_before_or_after_its_digest_is_mentioned_once()
    {
        var team = await CreateAsync(hosts);
        using var uploader = hosts.CreateClient(team.Uploader, Tenant);
        var topicArn = await _sns.CreateTopicAsync("upload-completed", CancellationToken.None);
        await using var subscription = await QueueSubscription.CreateAsync(_sqs, _sns, topicArn);

        var uploadId = await UploadAndFinishAsync(uploader, team, "twice.jpg");
        var announced = Assert.Single(await subscription.CollectNotificationsAsync(uploadId, TimeSpan.FromSeconds(3)));
        await PublishAsync(topicArn, announced);
        var digest = await SingleDigestToAsync(AddressOf(team.Uploader), quietAfter: false);
        await PublishAsync(topicArn, announced);
        await Task.Delay(Quiet);

        Assert.Equal("BuildPeer: 1 upload finished in " + $"Test project {team.ProjectId}", digest.Subject);
        Assert.Single(digest.TextBody!.Split('\n'), line => line.Contains("twice.jpg", StringComparison.Ordinal));
        Assert.Single(hosts.Mail.MessagesTo(AddressOf(team.Uploader)));
    }

    [Fact]
    public async Task With_the_mail_server_down_the_digest_waits_and_goes_out_once_it_is_back()
    {
        var team = await CreateAsync(hosts);
        using var uploader = hosts.CreateClient(team.Uploader, Tenant);
        hosts.Mail.Stop();
        try
        {
            await UploadAndFinishAsync(uploader, team, "while-smtp-is-down.jpg");
            // At least one tick found no server.
            await Task.Delay(DigestHostsFixture.Period * 2);
        }
        finally
        {
            hosts.Mail.Start();
        }

        var digest = await SingleDigestToAsync(AddressOf(team.Uploader));

        Assert.Contains("while-smtp-is-down.jpg", digest.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_whose_acceptance_was_lost_is_sent_again_as_the_same_message_and_then_no_more()
    {
        var team = await CreateAsync(hosts);
        using var uploader = hosts.CreateClient(team.Uploader, Tenant);
        var address = AddressOf(team.Uploader);
        hosts.Mail.LoseReplies(true);
        try
        {
            await UploadAndFinishAsync(uploader, team, "reply-lost.jpg");
            await MailToAsync(address, 1);
        }
        finally
        {
            hosts.Mail.LoseReplies(false);
        }

        var copies = await MailToAsync(address, 2);
        await Task.Delay(Quiet);

        Assert.Equal(2, hosts.Mail.MessagesTo(address).Count);
        Assert.Equal((copies[0].MessageId, copies[0].Subject, copies[0].Date, copies[0].TextBody),
            (copies[1].MessageId, copies[1].Subject, copies[1].Date, copies[1].TextBody));
    }

    [Fact]
    public async Task A_digest_refused_for_its_address_waits_and_goes_with_the_next_upload_to_the_corrected_address()
    {
        var team = await CreateAsync(hosts);
        using var uploader = hosts.CreateClient(team.Uploader, Tenant);
        using var admin = hosts.CreateAdminClient(Tenant);
        var wrong = $"refused-{team.Uploader}@example.com";
        await SetEmailAsync(admin, team, wrong);
        await UploadAndFinishAsync(uploader, team, "to-a-wrong-address.jpg");
        // Its digest went out once and the server refused the address.
        await Task.Delay(Quiet);

        await SetEmailAsync(admin, team, AddressOf(team.Uploader));
        await UploadAndFinishAsync(uploader, team, "after-the-fix.jpg");
        var digest = await SingleDigestToAsync(AddressOf(team.Uploader));

        Assert.StartsWith("BuildPeer: 2 uploads finished in ", digest.Subject, StringComparison.Ordinal);
        Assert.Contains("to-a-wrong-address.jpg", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("after-the-fix.jpg", digest.TextBody, StringComparison.Ordinal);
        Assert.Empty(hosts.Mail.MessagesTo(wrong));
    }

    [Fact]
    public async Task After_its_digest_a_recipient_with_no_new_uploads_gets_no_more_mail_and_keeps_no_reminder()
    {
        var team = await CreateAsync(hosts);
        using var uploader = hosts.CreateClient(team.Uploader, Tenant);
        await UploadAndFinishAsync(uploader, team, "only-one.jpg");
        await Eventually.MatchesAsync(() => DigestRemindersAsync(team.Uploader, team.Manager), count => count == 2,
            MailDeadline, "the uploader's and the manager's digest reminders");
        await MailToAsync(AddressOf(team.Uploader), 1);
        await MailToAsync(AddressOf(team.Manager), 1);

        await Task.Delay(DigestHostsFixture.Period * 2);

        Assert.Single(hosts.Mail.MessagesTo(AddressOf(team.Uploader)));
        Assert.Single(hosts.Mail.MessagesTo(AddressOf(team.Manager)));
        Assert.Empty(hosts.Mail.MessagesTo(AddressOf(team.Viewer)));
        Assert.Equal(0, await DigestRemindersAsync(team.Uploader, team.Manager, team.Viewer));
    }

    private async Task<Guid> UploadAndFinishAsync(HttpClient uploader, DigestTeam team, string fileName)
    {
        var uploadId = await ProcessedUploads.UploadAsync(uploader, team.ProjectId, fileName, "image/jpeg", GeneratedImages.Jpeg(320, 240));
        await ObjectEvents.DeliverAsync(hosts.SiloServices, Tenant, team.ProjectId, uploadId, fileName);
        ProcessedUploads.AssertStatus(await ProcessedUploads.AwaitFinishedAsync(uploader, uploadId), "COMPLETED");
        return uploadId;
    }

    private static async Task SetEmailAsync(HttpClient admin, DigestTeam team, string email) =>
        (await admin.PutAsJsonAsync($"api/projects/{team.ProjectId}/members/{team.Uploader}", new { role = "UPLOADER", email }))
            .EnsureSuccessStatusCode();

    private Task<IReadOnlyList<MimeMessage>> MailToAsync(string address, int count) =>
        Eventually.MatchesAsync(() => Task.FromResult(hosts.Mail.MessagesTo(address)), messages => messages.Count >= count,
            MailDeadline, $"{count} message(s) to {address}");

    /// <summary>The digest to <paramref name="address"/>, once it came, after making sure (by default) no second one follows.</summary>
    private async Task<MimeMessage> SingleDigestToAsync(string address, bool quietAfter = true)
    {
        var first = (await MailToAsync(address, 1))[0];
        if (quietAfter)
        {
            await Task.Delay(Quiet);
            Assert.Single(hosts.Mail.MessagesTo(address));
        }

        return first;
    }

    /// <summary>Publishes <paramref name="notification"/> again, byte for byte: what an at-least-once topic may do.</summary>
    private async Task PublishAsync(string topicArn, JsonElement notification) =>
        await _sns.SendAsync("Publish", [new("TopicArn", topicArn), new("Message", notification.GetRawText())], CancellationToken.None);

    private static async Task<long> DigestRemindersAsync(params string[] userIds)
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = 'buildpeer-tests-digest' AND GrainId = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = userIds.Select(userId => $"digest/{Tenant}/{userId}").ToArray() });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        _sqs.Dispose();
        _sns.Dispose();
    }
}
