using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing.Documents;
using BuildPeer.UnitTests.Processing.Images;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>The <c>buildpeer</c> command end to end, as a child process against the real hosts and stack.</summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class CliTests(ServiceHostsFixture hosts) : UploaderWithFolders(hosts)
{

    [Fact]
    public async Task Upload_with_a_glob_then_status_and_list_show_the_processed_files()
    {
        var photos = Directory.CreateDirectory(Files.PathOf("photos")).FullName;
        File.WriteAllBytes(Path.Combine(photos, "north.jpg"), GeneratedImages.Jpeg(640, 480));
        File.WriteAllBytes(Path.Combine(photos, "south.jpg"), GeneratedImages.Jpeg(480, 640));
        var plan = Files.Write("plan.pdf", GeneratedPdf.WithPages(2));
        var cli = Cli();

        var upload = await cli.RunAsync("upload", Path.Combine(photos, "*.jpg"), plan, "--project", Project);

        Assert.True(upload.ExitCode == 0, upload.ToString());
        var results = upload.OutputLines.Select(line => line.Split('\t')).ToList();
        Assert.Equal(3, results.Count);
        Assert.All(results, result => Assert.Equal("COMPLETED", result[0]));
        Assert.Equal(["north.jpg", "plan.pdf", "south.jpg"], results.Select(result => Path.GetFileName(result[2])).Order());
        Assert.Contains("plan.pdf: processing", upload.Error, StringComparison.Ordinal);

        var uploadId = results.Single(result => result[2] == plan)[1];
        var status = await cli.RunAsync("status", uploadId);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("status    COMPLETED", status.OutputLines);
        Assert.Contains("file      plan.pdf (application/pdf, ", status.Output, StringComparison.Ordinal);

        var list = await cli.RunAsync("list", "--project", Project);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.StartsWith("UPLOAD", list.OutputLines[0], StringComparison.Ordinal);
        Assert.Equal(results.Select(result => result[1]).Order(), list.OutputLines.Skip(1).Select(line => line.Split(' ')[0]).Order());
    }

    [Fact]
    public async Task With_json_upload_status_and_list_print_one_JSON_document_each_and_no_progress()
    {
        var photo = Files.Write("east.jpg", GeneratedImages.Jpeg(640, 480));
        var notes = Files.Write("notes.txt", "site diary"u8.ToArray());
        var cli = Cli();

        var upload = await cli.RunAsync("upload", photo, notes, "--project", Project, "--json");

        Assert.True(upload.ExitCode == 3, upload.ToString());
        Assert.Empty(upload.Error);
        var files = JsonDocument.Parse(upload.Output).RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(file => Path.GetFileName(file.GetProperty("path").GetString()!));
        Assert.Equal("COMPLETED", files["east.jpg"].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, files["east.jpg"].GetProperty("error").ValueKind);
        Assert.StartsWith("http", files["east.jpg"].GetProperty("thumbnailUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, files["notes.txt"].GetProperty("uploadId").ValueKind);
        Assert.Equal("file_type_not_allowed", files["notes.txt"].GetProperty("error").GetProperty("code").GetString());
        var uploadId = files["east.jpg"].GetProperty("uploadId").GetGuid();

        var status = await cli.RunAsync("status", uploadId.ToString(), "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        var details = JsonDocument.Parse(status.Output).RootElement;
        Assert.Equal(uploadId, details.GetProperty("uploadId").GetGuid());
        Assert.Equal("COMPLETED", details.GetProperty("status").GetString());
        Assert.Equal("image/jpeg", details.GetProperty("contentType").GetString());
        Assert.Equal(JsonValueKind.Object, details.GetProperty("metadata").ValueKind);

        var list = await cli.RunAsync("--json", "list", "--project", Project, "--status", "COMPLETED");
        Assert.True(list.ExitCode == 0, list.ToString());
        var listed = JsonDocument.Parse(list.Output).RootElement.GetProperty("uploads").EnumerateArray().ToList();
        Assert.Contains(listed, item => item.GetProperty("uploadId").GetGuid() == uploadId && item.GetProperty("fileName").GetString() == "east.jpg");
    }

    [Fact]
    public async Task A_file_type_the_gateway_refuses_is_one_error_line_and_exit_code_3()
    {
        var notes = Files.Write("notes.txt", "site diary"u8.ToArray());

        var upload = await Cli().RunAsync("upload", notes, "--project", Project);

        Assert.True(upload.ExitCode == 3, upload.ToString());
        var error = Assert.Single(upload.ErrorLines);
        Assert.StartsWith("error: notes.txt: '.txt' files are not accepted", error, StringComparison.Ordinal);
        Assert.EndsWith("(file_type_not_allowed)", error, StringComparison.Ordinal);
        Assert.Empty(upload.OutputLines);
    }

    [Fact]
    public async Task A_project_without_room_is_one_error_line_naming_the_quota_and_exit_code_3()
    {
        var small = await TestProjects.CreateWithUploaderAsync(Hosts, "acme", "alice", new { maxTotalBytes = 1000 });
        var photo = Files.Write("site.jpg", GeneratedImages.Jpeg(320, 240));

        var upload = await Cli().RunAsync("upload", photo, "--project", small);

        Assert.True(upload.ExitCode == 3, upload.ToString());
        var error = Assert.Single(upload.ErrorLines);
        Assert.StartsWith("error: site.jpg: The project has no room for these files.", error, StringComparison.Ordinal);
        Assert.EndsWith("(quota_bytes_exceeded)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_come_from_the_config_file_when_the_environment_has_none()
    {
        var config = Files.Write("config.json", System.Text.Encoding.UTF8.GetBytes(
            $$"""{ "url": "{{Hosts.GatewayAddress}}", "token": "{{TestUploaders.TokenFor(Hosts, "alice", "acme")}}", "tenant": "acme" }"""));
        var bare = new CliProcess().With("HOME", Home.Directory.FullName);

        var listed = await bare.RunAsync("list", "--project", Project, "--config", config);
        var unset = await bare.RunAsync("list", "--project", Project);

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Equal(["UPLOAD  STATUS  SIZE  CREATED  FILE"], listed.OutputLines);
        Assert.True(unset.ExitCode == 2, unset.ToString());
        var error = Assert.Single(unset.ErrorLines);
        Assert.StartsWith("error: No gateway URL: set BUILDPEER_URL", error, StringComparison.Ordinal);
        Assert.EndsWith("(config_missing)", error, StringComparison.Ordinal);
    }
}
