using BuildPeer.Grains.Uploads.Processing.Parsers;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.Processing;
using Microsoft.Extensions.DependencyInjection;
using static BuildPeer.IntegrationTests.Uploads.Processing.ProcessedUploads;

namespace BuildPeer.IntegrationTests.Processing.Hostile;

/// <summary>A file that stalls its worker past the limit every time: two workers lost, then FAILED, never a third try.</summary>
[Collection(ShortParseLimitHostsCollection.Name)]
public sealed class StalledWorkerTests(ShortParseLimitHostsFixture hosts) : UploaderInNewProject(hosts)
{
    [Fact]
    public async Task A_file_that_stalls_its_worker_twice_ends_FAILED_processing_timeout_after_two_attempts()
    {
        var parsers = Hosts.SiloServices.GetRequiredService<ParserPool>();
        var replacedBefore = parsers.Replaced;

        // PdfPig needs far longer than 5 s for 98 MB of text operators.
        var id = await UploadAsync(Alice, Project, "takeoff.pdf", "application/pdf", HostileFiles.PdfWithMillionsOfTextOperators());
        await ObjectEvents.DeliverAsync(Hosts.SiloServices, "acme", Project, id, "takeoff.pdf");
        var upload = await AwaitFinishedAsync(Alice, id);

        AssertStatus(upload, "FAILED", ErrorCodes.ProcessingTimeout);
        Assert.Equal(2, Metadata(upload).GetProperty("attempts").GetInt32());
        Assert.Equal(2, parsers.Replaced - replacedBefore);

        // The workers that replaced them serve the next file.
        var photo = await UploadAsync(Alice, Project, "after.jpg", "image/jpeg", UnitTests.Processing.Images.GeneratedImages.Jpeg(800, 600));
        await ObjectEvents.DeliverAsync(Hosts.SiloServices, "acme", Project, photo, "after.jpg");
        AssertStatus(await AwaitFinishedAsync(Alice, photo), "COMPLETED");
    }
}
