using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Digests;

namespace BuildPeer.UnitTests.Digests;

public class DigestRecipientsTests
{
    private static ProjectView Project(Dictionary<string, ProjectRole> members, Dictionary<string, string>? emails = null) =>
        new("acme", "tower-7", "Tower 7", ProjectLimits.Default, members, DigestItems.Noon, emails ?? []);

    [Fact]
    public void The_uploader_and_the_managers_hear_about_an_upload_and_viewers_do_not()
    {
        var project = Project(new()
        {
            ["alice"] = ProjectRole.Uploader,
            ["bob"] = ProjectRole.Manager,
            ["carol"] = ProjectRole.Viewer,
            ["dave"] = ProjectRole.Uploader,
            ["erin"] = ProjectRole.Manager,
        }, new() { ["alice"] = "alice@example.com", ["bob"] = "bob@example.com" });

        var recipients = DigestRecipients.For(project, "alice", addressTemplate: null);

        Assert.Equal(
            [new DigestRecipient("alice", "alice@example.com"), new DigestRecipient("bob", "bob@example.com"), new DigestRecipient("erin", null)],
            recipients);
    }

    [Fact]
    public void An_uploader_no_longer_in_the_project_is_not_mailed()
    {
        var project = Project(new() { ["bob"] = ProjectRole.Manager });

        Assert.Equal(["bob"], DigestRecipients.For(project, "alice", null).Select(recipient => recipient.UserId));
    }

    [Theory]
    [InlineData("{user}@example.com", "erin@example.com")]
    [InlineData("{user}", null)]
    [InlineData(null, null)]
    public void A_member_without_an_address_gets_one_from_the_template_when_it_makes_a_valid_one(string? template, string? expected)
    {
        var project = Project(new() { ["erin"] = ProjectRole.Manager });

        Assert.Equal(expected, DigestRecipients.AddressOf(project, "erin", template));
    }

    [Fact]
    public void A_member_s_own_address_wins_over_the_template()
    {
        var project = Project(new() { ["bob"] = ProjectRole.Manager }, new() { ["bob"] = "robert@site.example" });

        Assert.Equal("robert@site.example", DigestRecipients.AddressOf(project, "bob", "{user}@example.com"));
    }
}
