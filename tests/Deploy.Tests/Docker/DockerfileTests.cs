using System.Globalization;
using System.Reflection;
using System.Xml.Linq;
using BuildPeer.Deploy.Tests.Manifests;
using BuildPeer.Gateway.Hosting;
using BuildPeer.Migrations;
using BuildPeer.Processing.Documents;
using BuildPeer.Silo.Hosting;

namespace BuildPeer.Deploy.Tests.Docker;

/// <summary>
/// Each deployable's Dockerfile builds the project it claims to, from files that exist, restores every project it
/// references, runs the assembly that project produces as a non-root user, and exposes the ports its pods declare.
/// </summary>
public sealed class DockerfileTests
{
    /// <summary>The .NET images' non-root user ($APP_UID), which the pods' runAsUser must match.</summary>
    private const int AppUid = 1654;

    public static readonly TheoryData<string> Deployables = new("silo", "gateway", "migrations");

    private static readonly Dictionary<string, Deployable> ByName = new()
    {
        ["silo"] = new("src/Silo/Dockerfile", "src/Silo/Silo.csproj", typeof(SiloApplication).Assembly,
            "mcr.microsoft.com/dotnet/aspnet:10.0", "Deployment", "buildpeer-silo", "silo"),
        ["gateway"] = new("src/Gateway/Dockerfile", "src/Gateway/Gateway.csproj", typeof(GatewayApplication).Assembly,
            "mcr.microsoft.com/dotnet/aspnet:10.0", "Deployment", "buildpeer-gateway", "gateway"),
        ["migrations"] = new("src/Migrations/Dockerfile", "src/Migrations/Migrations.csproj", typeof(SchemaMigrator).Assembly,
            "mcr.microsoft.com/dotnet/runtime:10.0", "Job", "buildpeer-migrate", "migrate"),
    };

    [Theory]
    [MemberData(nameof(Deployables))]
    public void It_builds_on_the_NET_10_SDK_and_ships_only_the_published_output_on_the_runtime_image(string name)
    {
        var deployable = ByName[name];
        var dockerfile = Dockerfile.Read(deployable.Dockerfile);

        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile.Of("FROM", 0).Single().Arguments);
        Assert.Equal(deployable.RuntimeImage, dockerfile.BaseImage(dockerfile.FinalStage));
        var shipped = Assert.Single(dockerfile.Of("COPY", dockerfile.FinalStage));
        Assert.StartsWith("--from=build /app", shipped.Arguments, StringComparison.Ordinal);
        Assert.Contains(dockerfile.Of("RUN", 0), run => run.Arguments.StartsWith($"dotnet publish {deployable.Project} -c Release", StringComparison.Ordinal)
            && run.Arguments.Contains("-o /app", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void It_copies_files_that_exist_and_every_referenced_project_before_restoring(string name)
    {
        var deployable = ByName[name];
        var dockerfile = Dockerfile.Read(deployable.Dockerfile);
        var restore = dockerfile.Instructions.ToList().FindIndex(instruction =>
            instruction.Keyword == "RUN" && instruction.Arguments.StartsWith($"dotnet restore {deployable.Project}", StringComparison.Ordinal));
        Assert.True(restore >= 0, $"{deployable.Dockerfile} never restores {deployable.Project}.");

        var copied = dockerfile.Instructions.Take(restore).Where(instruction => instruction.Keyword == "COPY")
            .SelectMany(Dockerfile.CopySources).ToHashSet();
        foreach (var source in dockerfile.Of("COPY").Where(copy => !copy.Arguments.StartsWith("--from", StringComparison.Ordinal)).SelectMany(Dockerfile.CopySources))
        {
            Assert.True(File.Exists(Repository.PathOf(source)) || Directory.Exists(Repository.PathOf(source)),
                $"{deployable.Dockerfile} copies {source}, which is not in the repository.");
            Assert.DoesNotContain(source.TrimEnd('/').Split('/')[0] + "/", IgnoredFolders());
        }

        foreach (var required in (string[])["global.json", "Directory.Build.props", "Directory.Packages.props", .. ProjectClosure(deployable.Project)])
        {
            Assert.True(copied.Contains(required), $"{deployable.Dockerfile} restores before copying {required}.");
        }
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void It_runs_the_assembly_its_project_builds_as_the_non_root_user_its_pods_expect(string name)
    {
        var deployable = ByName[name];
        var dockerfile = Dockerfile.Read(deployable.Dockerfile);

        Assert.Equal(["dotnet", $"{deployable.Assembly.GetName().Name}.dll"], dockerfile.Entrypoint());
        Assert.Equal("$APP_UID", dockerfile.Of("USER", dockerfile.FinalStage).Single().Arguments);
        foreach (var overlay in RenderedOverlay.All)
        {
            var pod = RenderedOverlay.Of(overlay).Single(deployable.Kind, deployable.Workload).GetProperty("spec").GetProperty("template").GetProperty("spec");
            Assert.Equal(AppUid, pod.GetProperty("securityContext").GetProperty("runAsUser").GetInt32());
        }
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void It_exposes_exactly_the_ports_its_pods_declare(string name)
    {
        var deployable = ByName[name];
        var dockerfile = Dockerfile.Read(deployable.Dockerfile);
        var exposed = dockerfile.Of("EXPOSE", dockerfile.FinalStage)
            .SelectMany(expose => expose.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(port => int.Parse(port, CultureInfo.InvariantCulture)).Order().ToList();

        foreach (var overlay in RenderedOverlay.All)
        {
            var container = RenderedOverlay.ContainersOf(RenderedOverlay.Of(overlay).Single(deployable.Kind, deployable.Workload).GetProperty("spec").GetProperty("template"))
                .Single(item => item.GetProperty("name").GetString() == deployable.Container);
            var declared = RenderedOverlay.Array(container, "ports").Select(port => port.GetProperty("containerPort").GetInt32()).Order().ToList();
            Assert.Equal(declared, exposed);
        }
    }

    [Fact]
    public void The_silo_image_has_the_programs_pdf_previews_run()
    {
        var dockerfile = Dockerfile.Read(ByName["silo"].Dockerfile);
        var installed = dockerfile.Of("RUN", dockerfile.FinalStage).Single(run => run.Arguments.Contains("apt-get install", StringComparison.Ordinal)).Arguments;
        var options = new PdfProcessingOptions();
        var packageOf = new Dictionary<string, string> { ["pdftoppm"] = "poppler-utils", ["prlimit"] = "util-linux" };

        foreach (var program in (string[])[options.PdftoppmPath, options.PrlimitPath])
        {
            Assert.Contains($" {packageOf[program]} ", installed + " ", StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_build_context_leaves_out_host_build_output_and_keeps_what_the_images_copy()
    {
        var ignored = IgnoredFolders();

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.DoesNotContain("src/", ignored);
    }

    private static IReadOnlyList<string> IgnoredFolders() =>
        [.. File.ReadAllLines(Repository.PathOf(".dockerignore")).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'))];

    /// <summary>The project and every project it references, transitively, as repository paths.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!found.Add(current))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(current)!;
            foreach (var reference in XDocument.Load(Repository.PathOf(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(Repository.PathOf(folder), reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repository.Root, full).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        return found;
    }

    private sealed record Deployable(string Dockerfile, string Project, Assembly Assembly, string RuntimeImage, string Kind, string Workload, string Container);
}
