namespace BuildPeer.Client.Tests.Status;

public class UploadStateTests
{
    [Theory]
    [InlineData("PENDING", UploadState.Pending, false)]
    [InlineData("PROCESSING", UploadState.Processing, false)]
    [InlineData("COMPLETED", UploadState.Completed, true)]
    [InlineData("QUARANTINED", UploadState.Quarantined, true)]
    [InlineData("ABORTED", UploadState.Aborted, true)]
    [InlineData("ARCHIVED", UploadState.Unknown, false)]
    [InlineData("UNKNOWN", UploadState.Unknown, false)]
    [InlineData("7", UploadState.Unknown, false)]
    [InlineData(null, UploadState.Unknown, false)]
    public void Wire_names_map_to_states_and_names_from_a_newer_gateway_to_unknown(string? wireName, UploadState state, bool terminal)
    {
        var parsed = UploadStateExtensions.ParseWireName(wireName);

        Assert.Equal(state, parsed);
        Assert.Equal(terminal, parsed.IsTerminal());
    }
}
