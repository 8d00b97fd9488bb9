using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BuildPeer.Client.Resume;

/// <summary>
/// The resume state files of one directory, one per (gateway, tenant, project, file). Writes are atomic (a temp
/// file flushed to disk, then renamed over the old one), so a process killed mid-write leaves the previous state,
/// never half a file.
/// </summary>
internal sealed class UploadStateStore(string directory)
{
    private const string Extension = ".json";

    public string Directory { get; } = directory;

    public static string KeyOf(Uri gatewayUrl, string tenantId, string projectId, string fullPath)
    {
        var identity = Encoding.UTF8.GetBytes(string.Join('\n', gatewayUrl.AbsoluteUri, tenantId, projectId, fullPath));
        return Convert.ToHexString(SHA256.HashData(identity).AsSpan(0, 16)).ToLowerInvariant();
    }

    public string PathOf(string key) => Path.Combine(Directory, key + Extension);

    /// <summary>The saved state, or null when there is none or it is unreadable (then the upload starts afresh).</summary>
    public UploadStateDocument? Load(string key)
    {
        try
        {
            using var file = File.OpenRead(PathOf(key));
            var document = JsonSerializer.Deserialize(file, ResumeJsonContext.Default.UploadStateDocument);
            return document is { Version: UploadStateDocument.CurrentVersion } && document.Key == key ? document : null;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    public IReadOnlyList<UploadStateDocument> LoadAll() => System.IO.Directory.Exists(Directory)
        ? [.. System.IO.Directory.EnumerateFiles(Directory, "*" + Extension)
            .Select(path => Load(Path.GetFileNameWithoutExtension(path)))
            .OfType<UploadStateDocument>()
            .OrderBy(document => document.StartedAt)]
        : [];

    public void Save(UploadStateDocument document)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var target = PathOf(document.Key);
        var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(file, document, ResumeJsonContext.Default.UploadStateDocument);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public void Delete(string key) => File.Delete(PathOf(key));

    /// <summary>
    /// Holds the file's upload for this process: a second process uploading the same file would interleave parts
    /// and state writes. The operating system releases the lock when the process dies, however it dies.
    /// </summary>
    public IDisposable Lock(string key)
    {
        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            return new FileStream(Path.Combine(Directory, key + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite,
                FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException exception)
        {
            throw new BuildPeerException(ErrorCodes.UploadInProgress,
                "Another process is uploading this file right now.", exception.Message, innerException: exception);
        }
    }
}
