using BuildPeer.Grains.Uploads.Initiation.Validation;

namespace BuildPeer.UnitTests.Uploads.Initiation;

public class FileTypeCatalogTests
{
    [Theory]
    [InlineData("IMAGE/JPEG", "image/jpeg")]
    [InlineData(" image/png ; charset=binary", "image/png")]
    [InlineData("", "")]
    public void Content_types_are_compared_without_case_or_parameters(string declared, string normalized)
    {
        Assert.Equal(normalized, FileTypeCatalog.NormalizeContentType(declared));
    }

    [Theory]
    [InlineData("photo.JPG", "JPG")]
    [InlineData("archive.tar.gz", "gz")]
    [InlineData("noextension", "")]
    [InlineData("trailingdot.", "")]
    public void The_extension_is_the_part_after_the_last_dot(string fileName, string extension)
    {
        Assert.Equal(extension, FileTypeCatalog.ExtensionOf(fileName));
    }

    [Theory]
    [InlineData("jpg", "image/jpeg", true)]
    [InlineData("JPEG", "image/jpeg", true)]
    [InlineData("heic", "image/heif", true)]
    [InlineData("tif", "image/tiff", true)]
    [InlineData("dxf", "application/octet-stream", true)]
    [InlineData("pdf", "application/octet-stream", false)]
    [InlineData("png", "image/jpeg", false)]
    [InlineData("svg", "image/svg+xml", false)]
    public void An_extension_accepts_only_its_own_content_types(string extension, string contentType, bool matches)
    {
        Assert.Equal(matches, FileTypeCatalog.Matches(extension, contentType));
    }
}
