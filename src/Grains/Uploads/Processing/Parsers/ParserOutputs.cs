namespace BuildPeer.Grains.Uploads.Processing.Parsers;

/// <summary>
/// The files a worker wrote for one job. A name in its reply is trusted only as a plain file name inside the job's
/// own folder, so a confused or compromised worker cannot make the silo upload any other file.
/// </summary>
public sealed class ParserOutputs(string directory)
{
    /// <summary>Largest output the silo reads back: thumbnails and previews are small, text is capped far below.</summary>
    public const long MaxOutputBytes = 64L * 1024 * 1024;

    public async Task<byte[]> ReadAsync(string? fileName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(fileName) || Path.GetFileName(fileName) != fileName || fileName is "." or "..")
        {
            throw new InvalidDataException($"The parser named an output '{fileName}' outside its folder.");
        }

        var path = Path.Combine(directory, fileName);
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null || info.Length > MaxOutputBytes)
        {
            throw new InvalidDataException($"The parser's output '{fileName}' is missing, a link, or too large.");
        }

        return await File.ReadAllBytesAsync(path, cancellationToken);
    }
}
