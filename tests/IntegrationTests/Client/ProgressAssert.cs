using BuildPeer.Client;

namespace BuildPeer.IntegrationTests.Client;

public static class ProgressAssert
{
    /// <summary>Acknowledged bytes and phases never go backwards, and the last report is the whole file, finished.</summary>
    public static void OnlyGrowsTo(IReadOnlyList<UploadProgress> reports, long size)
    {
        Assert.NotEmpty(reports);
        foreach (var (previous, next) in reports.Zip(reports.Skip(1)))
        {
            Assert.True(next.BytesAcknowledged >= previous.BytesAcknowledged,
                $"Progress went back from {previous.BytesAcknowledged} to {next.BytesAcknowledged} bytes.");
            Assert.True(next.Phase >= previous.Phase, $"The phase went back from {previous.Phase} to {next.Phase}.");
        }

        Assert.Equal(size, reports[^1].BytesAcknowledged);
        Assert.Equal(UploadPhase.Finished, reports[^1].Phase);
        Assert.All(reports, report => Assert.Equal(size, report.TotalBytes));
    }
}
