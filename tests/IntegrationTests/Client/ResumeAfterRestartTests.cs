using BuildPeer.Client;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// An uploader stopped half-way (its call cancelled, or its process killed with SIGKILL) and started again
/// finishes the same upload, and sends none of the parts its resume state recorded as acknowledged. The proxy in
/// front of storage slows the parts down so "half-way" lasts, and counts every part PUT of both runs.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class ResumeAfterRestartTests(ServiceHostsFixture hosts) : UploaderWithFolders(hosts)
{
    private const long PartSize = 5L * TestFiles.MiB;
    private const long SlowStorage = 4L * TestFiles.MiB;

    [Fact]
    public async Task A_cancelled_upload_is_finished_by_a_new_client_without_sending_acknowledged_parts_again()
    {
        var path = TestFiles.Drawing(Files, "cancelled.dwg", 8 * PartSize);
        await using var proxy = new FaultInjectingProxy(bytesPerSecondPerConnection: SlowStorage);
        var interrupted = await InterruptAfterTwoPartsAsync(path, proxy);
        var sentBefore = proxy.Exchanges.Count;
        var secondProgress = new RecordedProgress();
        using (var storage = proxy.CreateClient())
        using (var second = TestUploaders.Create(Options(maxConcurrentParts: 2), storage))
        {
            var result = await second.UploadFileAsync(path, Project, progress: secondProgress);

            Assert.True(result.Resumed);
            Assert.Equal(interrupted.UploadId, result.UploadId);
            Assert.Equal(UploadState.Completed, result.Status.State);
            Assert.Empty(second.GetInterruptedUploads());
        }

        AssertOnlyUnacknowledgedPartsSentAgain(proxy.Exchanges.Skip(sentBefore), interrupted);
        Assert.Equal(interrupted.BytesAcknowledged, secondProgress.Reports.First(report => report.BytesAcknowledged > 0).BytesAcknowledged);
        ProgressAssert.OnlyGrowsTo(secondProgress.Reports, 8 * PartSize);
    }

    [Fact]
    public async Task The_command_killed_half_way_finishes_the_upload_when_run_again_without_sending_acknowledged_parts()
    {
        var path = TestFiles.Drawing(Files, "killed.dwg", 8 * PartSize);
        await using var proxy = new FaultInjectingProxy(bytesPerSecondPerConnection: SlowStorage);
        var cli = Cli().WithStorageProxy(proxy, Hosts.GatewayAddress);
        // Reads the command's resume state: the same gateway address (localhost, as the command saw it) and folder.
        using var watcher = TestUploaders.Create(Options(maxConcurrentParts: 2, gatewayUrl: CliProcess.LocalhostAddressOf(Hosts.GatewayAddress)));

        using (var running = cli.Start("upload", path, "--project", Project, "--concurrency", "2", "--no-wait"))
        {
            await Eventually.MatchesAsync(
                () => Task.FromResult(watcher.GetInterruptedUploads().SingleOrDefault()?.CompletedPartNumbers.Count ?? 0),
                acknowledged => acknowledged >= 2, TimeSpan.FromSeconds(60), "two acknowledged parts in the resume state");
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
            Assert.NotEqual(0, running.ExitCode);
        }

        // A part the killed command had in flight is recorded when its exchange ends: not the second run's.
        await Eventually.MatchesAsync(() => Task.FromResult(proxy.InFlight), inFlight => inFlight == 0,
            TimeSpan.FromSeconds(30), "the killed command's exchanges to end");

        var interrupted = Assert.Single(watcher.GetInterruptedUploads());
        Assert.InRange(interrupted.CompletedPartNumbers.Count, 2, 7);
        var sentBefore = proxy.Exchanges.Count;

        var rerun = await cli.RunAsync("upload", path, "--project", Project, "--concurrency", "2", "--no-wait");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var result = Assert.Single(rerun.OutputLines).Split('\t');
        Assert.Equal(interrupted.UploadId.ToString(), result[1]);
        Assert.Equal(path, result[2]);
        Assert.True(Stack.UploadProgress.HasUploaded(result[0]), $"The upload is {result[0]} after the command.");
        AssertOnlyUnacknowledgedPartsSentAgain(proxy.Exchanges.Skip(sentBefore), interrupted);
        Assert.Empty(watcher.GetInterruptedUploads());
        var details = await watcher.GetUploadAsync(interrupted.UploadId!.Value);
        Assert.Equal(8 * PartSize, details.StoredSize);
    }

    [Fact]
    public async Task Starting_afresh_instead_gives_the_interrupted_upload_up()
    {
        var path = TestFiles.Drawing(Files, "again.dwg", 8 * PartSize);
        await using var proxy = new FaultInjectingProxy(bytesPerSecondPerConnection: SlowStorage);
        var interrupted = await InterruptAfterTwoPartsAsync(path, proxy);

        using var client = TestUploaders.Create(Options(maxConcurrentParts: 4));
        var result = await client.UploadFileAsync(path, Project, new UploadOptions { Resume = false, WaitForTerminalState = false });

        Assert.False(result.Resumed);
        Assert.NotEqual(interrupted.UploadId, result.UploadId);
        Assert.Equal(8, result.Transfer.PartsSent);
        Assert.Equal(UploadState.Aborted, (await client.GetStatusAsync(interrupted.UploadId!.Value)).State);
    }

    /// <summary>Starts the upload through the slow proxy and cancels it once two parts are acknowledged.</summary>
    private async Task<InterruptedUpload> InterruptAfterTwoPartsAsync(string path, FaultInjectingProxy proxy)
    {
        using var cancel = new CancellationTokenSource();
        var progress = new RecordedProgress
        {
            OnReport = report =>
            {
                if (report.BytesAcknowledged >= 2 * PartSize)
                {
                    _ = cancel.CancelAsync();
                }
            },
        };

        using (var storage = proxy.CreateClient())
        using (var first = TestUploaders.Create(Options(maxConcurrentParts: 2), storage))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                first.UploadFileAsync(path, Project, progress: progress, cancellationToken: cancel.Token));
        }

        using var restarted = TestUploaders.Create(Options(maxConcurrentParts: 2));
        var interrupted = Assert.Single(restarted.GetInterruptedUploads());
        Assert.InRange(interrupted.CompletedPartNumbers.Count, 2, 7);
        return interrupted;
    }

    /// <summary>The second run PUT every part the state did not hold, once, and none that it did.</summary>
    private static void AssertOnlyUnacknowledgedPartsSentAgain(IEnumerable<ProxiedExchange> secondRun, InterruptedUpload interrupted)
    {
        var puts = secondRun.Where(exchange => exchange.IsPartPut).ToList();
        var expected = Enumerable.Range(1, interrupted.PartCount).Except(interrupted.CompletedPartNumbers).ToList();
        Assert.Equal(expected, puts.Select(exchange => exchange.PartNumber!.Value).Order());
        Assert.All(puts, put => Assert.True(put.Succeeded, $"Part {put.PartNumber} ended {put.Outcome}."));
    }
}
