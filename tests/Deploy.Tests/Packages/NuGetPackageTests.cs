using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Xml.Linq;

namespace BuildPeer.Deploy.Tests.Packages;

/// <summary>
/// The NuGet packages other teams install: licence, repository and commit, readme, both frameworks of the library,
/// symbols with SourceLink to the exact commit, and the SDK's package validation (which packing runs).
/// </summary>
public sealed class NuGetPackageTests(PackedClients packed) : IClassFixture<PackedClients>
{
    // The SourceLink entry of a portable PDB's custom debug information.
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static readonly TheoryData<string> Packages = new("BuildPeer.Client", "BuildPeer.Cli");

    [Theory]
    [MemberData(nameof(Packages))]
    public void It_names_its_licence_repository_commit_and_readme(string id)
    {
        var metadata = Nuspec(id);

        Assert.Equal("MIT", Element(metadata, "license").Value);
        Assert.Equal("expression", Element(metadata, "license").Attribute("type")?.Value);
        Assert.Equal(PackedClients.PublicRepository, Element(metadata, "projectUrl").Value);
        var repository = Element(metadata, "repository");
        Assert.Equal($"{PackedClients.PublicRepository}.git", repository.Attribute("url")?.Value);
        Assert.Equal(packed.Commit, repository.Attribute("commit")?.Value);
        Assert.Equal("README.md", Element(metadata, "readme").Value);
        Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "description").Value));
        using var package = ZipFile.OpenRead(packed.PackageOf(id));
        Assert.NotNull(package.GetEntry("README.md"));
    }

    [Fact]
    public void The_client_library_ships_for_NET_10_and_the_NET_8_LTS_with_its_documentation()
    {
        using var package = ZipFile.OpenRead(packed.PackageOf("BuildPeer.Client"));
        var entries = package.Entries.Select(entry => entry.FullName).ToHashSet();

        foreach (var framework in (string[])["net10.0", "net8.0"])
        {
            Assert.Contains($"lib/{framework}/BuildPeer.Client.dll", entries);
            Assert.Contains($"lib/{framework}/BuildPeer.Client.xml", entries);
        }

        var groups = Element(Nuspec("BuildPeer.Client"), "dependencies").Elements().ToDictionary(group => group.Attribute("targetFramework")!.Value);
        Assert.Empty(groups["net10.0"].Elements());
        Assert.Equal(["System.Net.ServerSentEvents"], groups["net8.0"].Elements().Select(dependency => dependency.Attribute("id")!.Value));
    }

    [Theory]
    [InlineData("BuildPeer.Client", "lib/net10.0/BuildPeer.Client.pdb")]
    [InlineData("BuildPeer.Client", "lib/net8.0/BuildPeer.Client.pdb")]
    [InlineData("BuildPeer.Cli", "tools/net10.0/any/BuildPeer.Cli.pdb")]
    public void Its_symbols_map_every_source_to_the_commit_on_the_public_repository(string id, string pdb)
    {
        using var symbols = ZipFile.OpenRead(packed.PackageOf(id, "snupkg"));
        var entry = symbols.GetEntry(pdb);
        Assert.True(entry is not null, $"{id}.snupkg has no {pdb}: {string.Join(", ", symbols.Entries.Select(each => each.FullName))}");
        using var stream = new MemoryStream();
        using (var source = entry.Open())
        {
            source.CopyTo(stream);
        }

        stream.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.CustomDebugInformation.Select(reader.GetCustomDebugInformation)
            .Where(information => reader.GetGuid(information.Kind) == SourceLinkKind)
            .Select(information => Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value)))
            .SingleOrDefault();
        Assert.NotNull(sourceLink);
        var raw = PackedClients.PublicRepository.Replace("https://github.com/", "https://raw.githubusercontent.com/", StringComparison.Ordinal);
        Assert.Contains($"{raw}/{packed.Commit}/*", sourceLink, StringComparison.Ordinal);
        // A CI build's paths are mapped (/_/), so no build machine's folders leak into the symbols.
        Assert.All(reader.Documents.Select(handle => reader.GetString(reader.GetDocument(handle).Name)),
            document => Assert.StartsWith("/_/", document, StringComparison.Ordinal));
    }

    private XElement Nuspec(string id)
    {
        using var package = ZipFile.OpenRead(packed.PackageOf(id));
        using var nuspec = package.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(nuspec).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
    }

    private static XElement Element(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(element => element.Name.LocalName == name)
        ?? throw new Xunit.Sdk.XunitException($"The nuspec has no <{name}>.");
}
