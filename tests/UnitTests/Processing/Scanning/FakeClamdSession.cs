namespace BuildPeer.UnitTests.Processing.Scanning;

/// <summary>What one client connection sent to <see cref="FakeClamd"/>.</summary>
internal sealed class FakeClamdSession(string command)
{
    public string Command { get; } = command;

    public List<int> ChunkLengths { get; } = [];

    /// <summary>The client sent the zero-length chunk that ends an INSTREAM.</summary>
    public bool Terminated { get; set; }
}
