using BuildPeer.Processing;
using BuildPeer.Processing.Content;

namespace BuildPeer.Grains.Uploads.Processing.Parsers;

/// <summary>Where files are parsed: out of the silo's process, under limits that really stop a parser.</summary>
public interface IParsers
{
    /// <summary>
    /// Parses <paramref name="inputPath"/> as <paramref name="kind"/>, its outputs written to
    /// <paramref name="outputDirectory"/>. Throws <see cref="OperationCanceledException"/> only for
    /// <paramref name="cancellationToken"/>, and <see cref="TransientProcessingException"/> when no worker could start.
    /// </summary>
    Task<ParserRun> ParseAsync(ContentKind kind, string inputPath, string outputDirectory, CancellationToken cancellationToken);
}
