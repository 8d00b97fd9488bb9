using BuildPeer.Gateway.Push;

namespace BuildPeer.UnitTests.Push;

public class VersionFilterTests
{
    [Fact]
    public void Only_a_version_newer_than_any_sent_for_that_upload_passes()
    {
        var filter = new VersionFilter();
        var upload = Guid.NewGuid();

        Assert.True(filter.Admit(upload, 3));
        Assert.False(filter.Admit(upload, 3));
        Assert.False(filter.Admit(upload, 2));
        Assert.True(filter.Admit(upload, 5));
        Assert.False(filter.Admit(upload, 4));
    }

    [Fact]
    public void Uploads_are_counted_apart()
    {
        var filter = new VersionFilter();

        Assert.True(filter.Admit(Guid.NewGuid(), 7));
        Assert.True(filter.Admit(Guid.NewGuid(), 1));
    }
}
