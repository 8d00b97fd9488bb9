using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// The TypeScript SDK against the real silo and gateway: a single PUT followed to COMPLETED, a parallel multipart
/// upload, resuming an interrupted one with only the missing parts, a refused file type's stable code, and two uploads
/// of a project followed to COMPLETED through one upload watch; its unit tests run in the same node process.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class TypeScriptSdkTests(ServiceHostsFixture hosts, ITestOutputHelper output) : TypeScriptSdkRun(hosts, output)
{
    [Fact]
    public Task The_SDK_uploads_resumes_and_reports_refusals_against_the_real_gateway() =>
        PassesAsync(new Dictionary<string, string>(), "test/unit/", "test/integration/uploads.test.mjs", "test/integration/watch.test.mjs");
}

/// <summary>A single PUT whose URL expired under the SDK is signed again through <c>POST /api/uploads/{id}/url</c>.</summary>
[Collection(ShortUrlHostsCollection.Name)]
public sealed class TypeScriptSdkUrlRefreshTests(ShortUrlHostsFixture hosts, ITestOutputHelper output) : TypeScriptSdkRun(hosts, output)
{
    [Fact]
    public Task The_SDK_signs_an_expired_single_PUT_again() =>
        PassesAsync(new Dictionary<string, string>
        {
            ["BUILDPEER_URL_LIFETIME_MS"] = ((int)ShortUrlHostsFixture.UrlLifetime.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, "test/integration/expiry.test.mjs");
}

/// <summary>Runs node test files of the SDK for alice in a project of her own, and asserts every one passed.</summary>
public abstract class TypeScriptSdkRun(ServiceHostsFixture hosts, ITestOutputHelper output) : UploaderInNewProject(hosts), IDisposable
{
    private readonly TempFolder _files = new();

    protected async Task PassesAsync(IReadOnlyDictionary<string, string> environment, params string[] testFiles)
    {
        TypeScriptSdk.WriteFiles(_files);

        var (exitCode, printed) = await TypeScriptSdk.RunAsync(Hosts, Project, _files, environment, testFiles);

        output.WriteLine(printed);
        Assert.True(exitCode == 0, printed);
        Assert.Contains("# fail 0", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("# pass 0", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}
