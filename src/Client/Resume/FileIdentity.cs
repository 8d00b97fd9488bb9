namespace BuildPeer.Client.Resume;

/// <summary>
/// A file as it is now: path, size and last write time. A resume continues only if all three are unchanged, so
/// parts of an older version of the file are never completed together with parts of the new one.
/// </summary>
internal sealed record FileIdentity(string FullPath, long Size, DateTime LastWriteTimeUtc)
{
    public static FileIdentity Of(string path)
    {
        var file = new FileInfo(Path.GetFullPath(path));
        if (!file.Exists)
        {
            throw new BuildPeerException(ErrorCodes.FileUnreadable, $"{path}: no such file.");
        }

        return new FileIdentity(file.FullName, file.Length, file.LastWriteTimeUtc);
    }
}
