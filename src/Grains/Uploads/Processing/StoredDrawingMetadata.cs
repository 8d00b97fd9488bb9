using BuildPeer.Processing.Documents;

namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// <see cref="DrawingMetadata"/> as the upload's grain state keeps it (<see cref="ProcessingResult"/>); stored with the
/// Orleans serializer, so ids and the alias must stay stable. Also the JSON of <c>uploads.metadata</c>;
/// the fields mean what they mean there.
/// </summary>
[GenerateSerializer, Alias("processing.DrawingMetadata")]
public sealed record StoredDrawingMetadata
{
    [Id(0)] public string Format { get; init; } = string.Empty;
    [Id(1)] public string? VersionCode { get; init; }
    [Id(2)] public string? Release { get; init; }

    public static StoredDrawingMetadata? From(DrawingMetadata? metadata) => metadata is null ? null : new()
    {
        Format = metadata.Format,
        VersionCode = metadata.VersionCode,
        Release = metadata.Release,
    };
}
