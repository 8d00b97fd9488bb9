namespace BuildPeer.Grains.Abstractions.Uploads.Catalog;

/// <summary>A page of a listing, newest first, and where the next one starts (null when this is the last).</summary>
[GenerateSerializer, Immutable, Alias("uploads.UploadPage")]
public sealed record UploadPage(
    [property: Id(0)] IReadOnlyList<UploadListItem> Items,
    [property: Id(1)] UploadCursor? Next);
