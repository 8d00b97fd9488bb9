namespace BuildPeer.Processing.Images;

/// <summary>The two thumbnail boxes <see cref="ImageOutcome"/> promises, in pixels.</summary>
internal static class ThumbnailSizes
{
    /// <summary>Square, cropped to fill: list and grid views.</summary>
    public const int Small = 200;

    /// <summary>Fits inside, aspect kept, never enlarged: the detail view.</summary>
    public const int Large = 800;
}
