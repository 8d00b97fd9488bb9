using BuildPeer.Client.Uploads;

namespace BuildPeer.Client.Tests.Uploads;

public class ContentTypesTests
{
    [Theory]
    [InlineData("site.JPG", "image/jpeg")]
    [InlineData("iphone.heic", "image/heic")]
    [InlineData("plan.pdf", "application/pdf")]
    [InlineData("level-3.dwg", "image/vnd.dwg")]
    [InlineData("notes.txt", "application/octet-stream")]
    [InlineData("no-extension", "application/octet-stream")]
    public void The_extension_decides_the_declared_type(string fileName, string contentType)
    {
        Assert.Equal(contentType, ContentTypes.For(fileName));
    }
}
