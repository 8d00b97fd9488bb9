using Microsoft.Win32.SafeHandles;

namespace BuildPeer.Client.Uploads;

internal static class LocalFile
{
    /// <summary>A handle for concurrent positioned reads of every part (RandomAccess needs no shared position).</summary>
    public static SafeFileHandle OpenForParts(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new BuildPeerException(ErrorCodes.FileUnreadable, $"{path} cannot be read.", exception.Message,
                innerException: exception);
        }
    }
}
