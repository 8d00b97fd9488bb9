namespace BuildPeer.Grains.Abstractions.Uploads.Catalog;

/// <summary>
/// A position in a project's listing: the last upload a page returned. The order is (created at, id) descending and
/// both are unique together, so "strictly after this position" never skips nor repeats an upload.
/// <see cref="CreatedAt"/> carries the database's full microsecond precision; <see cref="UploadCursorCodec"/> turns
/// a position into the opaque string clients see.
/// </summary>
[GenerateSerializer, Immutable, Alias("uploads.UploadCursor")]
public sealed record UploadCursor(
    [property: Id(0)] DateTimeOffset CreatedAt,
    [property: Id(1)] Guid Id);
