using BuildPeer.Grains.Uploads.Naming;

namespace BuildPeer.UnitTests.Uploads;

public class UploadKeyTests
{
    private static readonly Guid UploadId = Guid.Parse("0194f3a2-7c1e-7d2a-9b3c-1234567890ab");

    [Fact]
    public void Build_puts_tenant_project_upload_id_and_file_name_in_that_order()
    {
        var key = UploadKey.Build("acme", "tower-7", UploadId, "site_photo.jpg");

        Assert.Equal("acme/tower-7/uploads/0194f3a2-7c1e-7d2a-9b3c-1234567890ab/site_photo.jpg", key);
    }

    [Fact]
    public void The_upload_id_is_read_back_from_a_built_key()
    {
        var key = UploadKey.Build("acme", "tower-7", UploadId, "plan.pdf");

        Assert.True(UploadKey.TryParseUploadId(key, out var parsed));
        Assert.Equal(UploadId, parsed);
    }

    [Theory]
    [InlineData("acme/tower-7/uploads/not-a-guid/plan.pdf")]
    [InlineData("acme/tower-7/thumbnails/0194f3a2-7c1e-7d2a-9b3c-1234567890ab/plan.pdf")]
    [InlineData("quarantine/acme/tower-7/uploads/0194f3a2-7c1e-7d2a-9b3c-1234567890ab/plan.pdf")]
    [InlineData("acme/tower-7/uploads/0194f3a2-7c1e-7d2a-9b3c-1234567890ab/")]
    [InlineData("acme/tower-7/uploads/0194f3a2-7c1e-7d2a-9b3c-1234567890ab")]
    [InlineData("../tower-7/uploads/0194f3a2-7c1e-7d2a-9b3c-1234567890ab/plan.pdf")]
    [InlineData("")]
    public void Keys_this_service_did_not_build_have_no_upload_id(string key)
    {
        Assert.False(UploadKey.TryParseUploadId(key, out var parsed));
        Assert.Null(parsed);
    }

    [Theory]
    [InlineData("", "p")]
    [InlineData("a/b", "p")]
    [InlineData("acme", "..")]
    [InlineData("acme", "-starts-with-dash")]
    public void Build_refuses_ids_that_are_not_safe_key_segments(string tenantId, string projectId)
    {
        Assert.Throws<ArgumentException>(() => UploadKey.Build(tenantId, projectId, UploadId, "plan.pdf"));
    }

    [Fact]
    public void Build_refuses_an_unsanitised_file_name()
    {
        Assert.Throws<ArgumentException>(() => UploadKey.Build("acme", "p1", UploadId, "a/b.pdf"));
    }
}
