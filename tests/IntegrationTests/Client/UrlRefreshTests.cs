using BuildPeer.Client;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing.Images;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// URLs that expire under the client: storage answers 403 "Request has expired", and the client signs again
/// through the gateway and carries on; this never counts as a failure (the tests allow none).
/// </summary>
[Collection(ShortUrlHostsCollection.Name)]
public sealed class UrlRefreshTests(ShortUrlHostsFixture hosts) : UploaderWithFolders(hosts)
{
    private static readonly TimeSpan PastExpiry = ShortUrlHostsFixture.UrlLifetime + TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_part_whose_URL_expired_is_signed_again_and_sent_without_counting_as_a_failure()
    {
        var path = TestFiles.Drawing(Files, "slow.dwg", 12 * TestFiles.MiB);
        await using var proxy = new FaultInjectingProxy(request =>
            request is { PartNumber: 2, Attempt: 1 } ? Fault.Hold(PastExpiry) : Fault.None);
        using var storage = proxy.CreateClient();
        var calls = new GatewayCalls();
        using var client = TestUploaders.Create(Options(maxRetries: 0), storage, calls);

        var result = await client.UploadFileAsync(path, Project, new UploadOptions { WaitForTerminalState = false });

        Assert.True(Stack.UploadProgress.HasUploaded(result.Status.State.ToWireName()), $"The upload is {result.Status.State}.");
        var partTwo = proxy.Exchanges.Where(exchange => exchange is { IsPartPut: true, PartNumber: 2 }).ToList();
        Assert.Equal(["403", "200"], partTwo.Select(exchange => exchange.Outcome));
        Assert.Equal(1, calls.Count("POST", "/parts"));
        Assert.Equal(1, result.Transfer.UrlRefreshes);
        Assert.Equal(0, result.Transfer.Retries);
        Assert.Equal(3, result.Transfer.PartsSent);
    }

    [Fact]
    public async Task A_single_PUT_whose_URL_expired_starts_a_fresh_upload_and_gives_the_old_one_up()
    {
        var path = Files.Write("late.jpg", GeneratedImages.Jpeg(320, 240));
        var firstPut = 0;
        await using var proxy = new FaultInjectingProxy(request =>
            request.Method == "PUT" && Interlocked.Increment(ref firstPut) == 1 ? Fault.Hold(PastExpiry) : Fault.None);
        using var storage = proxy.CreateClient();
        var calls = new GatewayCalls();
        using var client = TestUploaders.Create(Options(maxRetries: 0), storage, calls);

        // This host consumes no storage events, so the fresh upload stays PENDING once its bytes are in.
        var result = await client.UploadFileAsync(path, Project, new UploadOptions { WaitForTerminalState = false });

        Assert.Equal(["403", "200"], proxy.Exchanges.Where(exchange => exchange.Method == "PUT").Select(exchange => exchange.Outcome));
        Assert.Equal(2, calls.Count("POST", "/initiate"));
        var uploads = (await client.ListAsync(Project)).Uploads;
        Assert.Equal(2, uploads.Count);
        Assert.Equal(UploadState.Aborted, Assert.Single(uploads, upload => upload.UploadId != result.UploadId).State);
        Assert.Equal(0, result.Transfer.Retries);
    }
}
