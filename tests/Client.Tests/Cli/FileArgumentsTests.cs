using BuildPeer.Cli.Files;
using BuildPeer.Cli.Output;
using BuildPeer.UnitTests.Processing;

namespace BuildPeer.Client.Tests.Cli;

public sealed class FileArgumentsTests : IDisposable
{
    private readonly TempFolder _site = new();

    public FileArgumentsTests()
    {
        foreach (var file in new[] { "north.jpg", "plan.pdf", "photos/a.jpg", "photos/b.JPG", "photos/2026/c.jpg", "photos/2026/notes.txt" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_site.PathOf(file))!);
            File.WriteAllText(_site.PathOf(file), file);
        }
    }

    [Fact]
    public void Plain_paths_globs_and_folders_expand_to_each_file_once_in_the_order_given()
    {
        var files = FileArguments.Expand(["plan.pdf", "photos/**/*.jpg", "north.jpg", "plan.pdf", "photos/2026"], _site.Directory.FullName);

        Assert.Equal(
            ["plan.pdf", "photos/2026/c.jpg", "photos/a.jpg", "north.jpg", "photos/2026/notes.txt"],
            files.Select(file => Path.GetRelativePath(_site.Directory.FullName, file)));
    }

    [Fact]
    public void An_absolute_glob_searches_from_its_fixed_head()
    {
        var files = FileArguments.Expand([_site.PathOf("photos/*.jpg")], "/");

        Assert.Equal([_site.PathOf("photos/a.jpg")], files);
    }

    [Theory]
    [InlineData("missing.jpg", "missing.jpg: no such file.")]
    [InlineData("photos/*.png", "No file matches 'photos/*.png'.")]
    [InlineData("nowhere/*.jpg", "No file matches 'nowhere/*.jpg'.")]
    public void An_argument_that_names_no_file_is_a_usage_error(string argument, string message)
    {
        var error = Assert.Throws<CliUsageException>(() => FileArguments.Expand([argument], _site.Directory.FullName));

        Assert.Equal("no_such_file", error.Code);
        Assert.Equal(message, error.Message);
    }

    public void Dispose() => _site.Dispose();
}
