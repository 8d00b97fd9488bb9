using BuildPeer.Grains.Abstractions.Digests;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Digests;
using MimeKit;
using static BuildPeer.UnitTests.Digests.DigestItems;

namespace BuildPeer.UnitTests.Digests;

public class DigestComposerTests
{
    private static readonly MailboxAddress From = MailboxAddress.Parse("BuildPeer <digest@buildpeer.example>");

    [Theory]
    [InlineData(1, 0, 0, "BuildPeer: 1 upload finished in Tower 7")]
    [InlineData(12, 1, 0, "BuildPeer: 12 uploads finished in Tower 7 (1 failed)")]
    [InlineData(3, 1, 2, "BuildPeer: 3 uploads finished in Tower 7 (1 failed, 2 quarantined)")]
    [InlineData(2, 0, 1, "BuildPeer: 2 uploads finished in Tower 7 (1 quarantined)")]
    public void The_subject_counts_what_finished_and_what_went_wrong(int total, int failed, int quarantined, string subject)
    {
        var items = Enumerable.Range(0, total).Select(i => Item($"f{i}.jpg",
            i < failed ? UploadStatus.Failed : i < failed + quarantined ? UploadStatus.Quarantined : UploadStatus.Completed)).ToList();

        Assert.Equal(subject, DigestComposer.Subject(items, DigestComposer.Group(items)));
    }

    [Fact]
    public void A_digest_over_several_projects_says_how_many()
    {
        DigestItem[] items = [Item("a.jpg"), Item("b.pdf", projectId: "depot", projectName: "Depot")];

        Assert.Equal("BuildPeer: 2 uploads finished in 2 projects", DigestComposer.Subject(items, DigestComposer.Group(items)));
    }

    [Fact]
    public void The_same_digest_composed_again_is_the_same_message_under_the_same_Message_ID()
    {
        var batch = Batch(Item("site.jpg"), Item("broken.jpg", UploadStatus.Failed, "image_corrupt"));

        var first = DigestComposer.Compose(batch, "alice", From);
        var again = DigestComposer.Compose(batch, "alice", From);

        Assert.Equal($"digest.{batch.DigestId:N}@buildpeer.example", first.MessageId);
        Assert.Equal((first.MessageId, first.Subject, first.Date, first.TextBody, first.HtmlBody),
            (again.MessageId, again.Subject, again.Date, again.TextBody, again.HtmlBody));
        Assert.Equal(["alice@example.com"], first.To.Mailboxes.Select(mailbox => mailbox.Address));
        Assert.Equal("auto-generated", first.Headers["Auto-Submitted"]);
    }

    [Fact]
    public void The_body_lists_each_project_with_its_problems_first_and_the_error_codes()
    {
        var batch = Batch(
            Item("site.jpg", minute: 1),
            Item("broken.jpg", UploadStatus.Failed, "image_corrupt", minute: 2, uploadedBy: "bob"),
            Item("invoice.pdf", UploadStatus.Quarantined, "malware_found", minute: 3),
            Item("plan.pdf", projectId: "depot", projectName: "Depot", minute: 4));

        var message = DigestComposer.Compose(batch, "alice", From);

        Assert.Equal(
            """
            Hello alice,

            4 uploads finished since your last digest.

            Depot
              COMPLETED    plan.pdf

            Tower 7
              QUARANTINED  invoice.pdf - malware_found
              FAILED       broken.jpg - image_corrupt - uploaded by bob
              COMPLETED    site.jpg

            BuildPeer

            """.ReplaceLineEndings("\n"),
            message.TextBody!.ReplaceLineEndings("\n"));
        Assert.Contains("<td>broken.jpg</td><td>FAILED</td><td>image_corrupt, uploaded by bob</td>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<h3>Depot</h3>", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_from_users_are_escaped_in_the_HTML()
    {
        var batch = Batch(Item("<img src=x onerror=alert(1)>.jpg", projectName: "R&D <Lab>"));

        var html = DigestComposer.Compose(batch, "alice", From).HtmlBody;

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;.jpg", html, StringComparison.Ordinal);
        Assert.Contains("R&amp;D &lt;Lab&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_name_with_line_breaks_cannot_add_headers()
    {
        var message = DigestComposer.Compose(Batch(Item("a.jpg", projectName: "Tower 7\r\nBcc: eve@evil.example")), "alice", From);

        using var written = new MemoryStream();
        message.WriteTo(written);
        var reread = MimeMessage.Load(new MemoryStream(written.ToArray()));
        Assert.Empty(reread.Bcc);
        Assert.Equal(["alice@example.com"], reread.To.Mailboxes.Select(mailbox => mailbox.Address));
        Assert.DoesNotContain(reread.Headers, header => header.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_very_busy_project_lists_the_first_uploads_and_counts_the_rest()
    {
        var items = Enumerable.Range(0, DigestComposer.MaxListedPerProject + 5).Select(i => Item($"photo-{i}.jpg")).ToArray();

        var text = DigestComposer.Compose(Batch(items), "alice", From).TextBody!;

        Assert.Contains("  ... and 5 more\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(DigestComposer.MaxListedPerProject, text.Split('\n').Count(line => line.StartsWith("  COMPLETED", StringComparison.Ordinal)));
    }

    private static DigestBatch Batch(params DigestItem[] items) =>
        new(Guid.CreateVersion7(), "alice@example.com", Noon.AddHours(1), items, 1);
}
