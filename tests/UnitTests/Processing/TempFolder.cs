namespace BuildPeer.UnitTests.Processing;

/// <summary>A private temporary folder per test, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public DirectoryInfo Directory { get; } = System.IO.Directory.CreateTempSubdirectory("buildpeer-tests-");

    public string PathOf(string fileName) => Path.Combine(Directory.FullName, fileName);

    public string Write(string fileName, byte[] content)
    {
        var path = PathOf(fileName);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(recursive: true);
}
