using BuildPeer.Processing.Content;
using BuildPeer.Processing.Documents;
using BuildPeer.Processing.Images;

namespace BuildPeer.Processing.Parsers;

/// <summary>
/// One file for a parser worker: a local file it may read and a folder of its own for what it makes. The settings
/// travel with each job, so a worker needs no configuration, no environment and no credentials of its own.
/// </summary>
public sealed record ParseRequest(
    ContentKind Kind,
    string InputPath,
    string OutputDirectory,
    TimeSpan TimeLimit,
    ImageProcessingOptions Images,
    PdfProcessingOptions Pdf);
