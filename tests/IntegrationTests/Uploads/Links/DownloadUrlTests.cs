using System.Diagnostics;
using System.Text.RegularExpressions;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Processing;

namespace BuildPeer.IntegrationTests.Uploads.Links;

/// <summary>
/// A completed upload's downloadUrl is a valid RFC 3986 URL whatever the file is called, and strict clients (curl,
/// Python's urllib) fetch the file through it with the name in an RFC 6266 Content-Disposition.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public partial class DownloadUrlTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts)
{
    private static readonly string[] Names =
        ["site plan.dwg", "the \"final\" one.dwg", "año.dwg", "😀 level 2.dwg", "a;b=c.dwg", "100% done.dwg"];

    [Fact]
    public async Task Names_with_space_quote_accents_emoji_semicolon_and_percent_download_through_curl_and_urllib()
    {
        var content = ProcessingFixtures.DwgLike(20_000);
        var ids = new List<(string Name, Guid Id)>();
        foreach (var name in Names)
        {
            ids.Add((name, await ProcessedUploads.UploadAsync(Alice, Project, name, "application/octet-stream", content)));
        }

        foreach (var (name, id) in ids)
        {
            var upload = await ProcessedUploads.AwaitFinishedAsync(Alice, id);
            ProcessedUploads.AssertStatus(upload, "COMPLETED");
            var url = upload.GetProperty("downloadUrl").GetString()!;

            Assert.Matches(Rfc3986(), url);
            Assert.True(Uri.TryCreate(url, UriKind.Absolute, out _), url);
            var (headers, body) = await CurlAsync(url);
            Assert.Equal(content, body);
            Assert.Contains($"content-disposition: {AttachmentDisposition.For(name)}", headers, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), await UrllibAsync(url));
        }
    }

    private static async Task<(string Headers, byte[] Body)> CurlAsync(string url)
    {
        var bodyFile = Path.GetTempFileName();
        try
        {
            // --globoff: [ ] and { } are curl's own patterns otherwise; --fail: anything but 2xx is an error.
            var headers = await RunAsync("/usr/bin/curl", ["--silent", "--show-error", "--fail", "--globoff", "--dump-header", "-", "--output", bodyFile, url]);
            return (headers, await File.ReadAllBytesAsync(bodyFile));
        }
        finally
        {
            File.Delete(bodyFile);
        }
    }

    /// <summary>Python's urllib refuses URLs with spaces or control characters; the body length when it accepts.</summary>
    private static Task<string> UrllibAsync(string url) => RunAsync("/usr/bin/python3",
        ["-c", "import sys, urllib.request; print(len(urllib.request.urlopen(sys.argv[1]).read()))", url]);

    private static async Task<string> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {await error}");
        return (await output).Trim();
    }

    // unreserved / reserved characters, and '%' only as the start of a percent-encoded octet.
    [GeneratedRegex(@"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+\z")]
    private static partial Regex Rfc3986();
}
