using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Uploads;
using BuildPeer.Grains.Abstractions.Projects;

namespace BuildPeer.UnitTests.Uploads;

/// <summary>Who may complete, abort or re-sign an upload.</summary>
public class UploadChangeRuleTests
{
    private static Caller Member(string user) => new(user, "acme", IsTenantAdmin: false);

    [Fact]
    public void The_uploader_may_change_their_own_upload()
    {
        Assert.True(UploadAccess.MayChange(Member("alice"), ProjectRole.Uploader, "alice"));
    }

    [Fact]
    public void Another_uploader_of_the_project_may_not()
    {
        Assert.False(UploadAccess.MayChange(Member("bob"), ProjectRole.Uploader, "alice"));
    }

    [Fact]
    public void A_viewer_may_not_even_change_their_own_earlier_upload()
    {
        Assert.False(UploadAccess.MayChange(Member("alice"), ProjectRole.Viewer, "alice"));
    }

    [Fact]
    public void Managers_and_tenant_admins_may()
    {
        Assert.True(UploadAccess.MayChange(Member("mona"), ProjectRole.Manager, "alice"));
        Assert.True(UploadAccess.MayChange(new Caller("boss", "acme", IsTenantAdmin: true), null, "alice"));
    }
}
