using System.Security.Cryptography;
using BuildPeer.Processing.Scanning;
using Microsoft.Extensions.Options;

namespace BuildPeer.Processing.Content;

/// <summary>
/// Reads an object (an S3 response stream, say) exactly once and, from that one pass, writes it to a temp file,
/// hashes it, keeps its first bytes, counts it and has it scanned: the scanner pulls the bytes, and everything else
/// happens as they go by. Nothing is buffered whole, and the digest and the verdict describe the same bytes.
/// </summary>
public sealed class ContentSpooler(IVirusScanner scanner, IOptions<ContentSpoolOptions> options)
{
    private readonly ContentSpoolOptions _options = options.Value;

    /// <summary>Spools to a new file in <see cref="ContentSpoolOptions.TempDirectory"/>.</summary>
    public Task<SpooledContent> SpoolAsync(Stream source, CancellationToken cancellationToken) =>
        SpoolAsync(source, tempFilePath: null, cancellationToken);

    /// <summary>
    /// Spools to <paramref name="tempFilePath"/> (overwritten), or to a new file when it is null. Scanner failures
    /// (<see cref="TransientProcessingException"/>, <see cref="ProcessingFailedException"/>) propagate: there is no
    /// result without a verdict on every byte. On failure a file this method created is deleted; a file the caller
    /// named is left to the caller.
    /// </summary>
    public async Task<SpooledContent> SpoolAsync(Stream source, string? tempFilePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var path = tempFilePath ?? NewTempFilePath();
        try
        {
            await using var file = new FileStream(
                path, tempFilePath is null ? FileMode.CreateNew : FileMode.Create, FileAccess.Write, FileShare.None,
                bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var tee = new TeeReadStream(source, file, hash, _options.HeadLength);

            var verdict = await scanner.ScanAsync(tee, cancellationToken);
            await EnsureFullyReadAsync(tee, verdict, cancellationToken);
            await file.FlushAsync(cancellationToken);

            return new SpooledContent(hash.GetHashAndReset(), tee.BytesRead, tee.Head.ToArray(), verdict, path);
        }
        catch when (tempFilePath is null)
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>
    /// A scanner that answers before the end has not judged the rest: its Clean is worthless, so that is refused. An
    /// Infected verdict stands (the part it read is infected); the rest is read so the copy and digest are whole.
    /// </summary>
    private static async Task EnsureFullyReadAsync(TeeReadStream tee, ScanVerdict verdict, CancellationToken cancellationToken)
    {
        if (tee.ReachedEnd)
        {
            return;
        }

        var probe = new byte[1];
        if (await tee.ReadAsync(probe, cancellationToken) == 0)
        {
            return;
        }

        if (!verdict.Infected)
        {
            throw new InvalidOperationException(
                $"The virus scanner answered Clean after reading only {tee.BytesRead - 1} bytes; a partial scan is never clean.");
        }

        await tee.CopyToAsync(Stream.Null, cancellationToken);
    }

    private string NewTempFilePath()
    {
        var directory = string.IsNullOrEmpty(_options.TempDirectory)
            ? Path.Combine(Path.GetTempPath(), "buildpeer-spool")
            : _options.TempDirectory;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{Guid.CreateVersion7():N}.spool");
    }
}
