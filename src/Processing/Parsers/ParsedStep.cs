namespace BuildPeer.Processing.Parsers;

/// <summary>One step a worker timed while parsing (thumbnails, exif, pdf), for the silo to record in its traces and metrics.</summary>
public sealed record ParsedStep(string Step, DateTimeOffset StartedAt, TimeSpan Duration);
