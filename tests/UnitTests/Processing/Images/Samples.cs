namespace BuildPeer.UnitTests.Processing.Images;

/// <summary>
/// The shared real-world sample files, read in place (never copied into the repository). Tests that need them use
/// <see cref="SamplesFactAttribute"/> so the suite still runs where the folder is absent.
/// </summary>
internal static class Samples
{
    public static string Root { get; } =
        Environment.GetEnvironmentVariable("BUILDPEER_SAMPLES") is { Length: > 0 } configured ? configured : "/work/shared/samples";

    public static bool Available => Directory.Exists(Root);

    public static string Photo(string name) => Path.Combine(Root, "photos", name);

    public static string Broken(string name) => Path.Combine(Root, "broken", name);
}
