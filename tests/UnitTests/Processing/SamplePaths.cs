namespace BuildPeer.UnitTests.Processing;

/// <summary>
/// The shared real-world sample files, read in place and never copied into the repository. Tests that use them
/// pass without asserting when the folder is absent, so the suite also runs on machines that lack it.
/// </summary>
internal static class SamplePaths
{
    public static string Root { get; } =
        Environment.GetEnvironmentVariable("BUILDPEER_SAMPLES") is { Length: > 0 } configured ? configured : "/work/shared/samples";

    /// <summary>The sample's full path, or null when it is not on this machine.</summary>
    public static string? Find(params string[] relative)
    {
        var path = Path.Combine([Root, .. relative]);
        return File.Exists(path) ? path : null;
    }

    public static byte[] ReadHead(string path, int length)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[length];
        var read = stream.ReadAtLeast(buffer, length, throwOnEndOfStream: false);
        return buffer[..read];
    }
}
