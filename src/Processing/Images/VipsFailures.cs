namespace BuildPeer.Processing.Images;

/// <summary>Reads libvips' error text, which is all it says about why an operation failed.</summary>
public static class VipsFailures
{
    private static readonly string[] ResourceMessages =
    [
        "Error creating thread",
        "out of memory",
        "Cannot allocate memory",
        "Resource temporarily unavailable",
        "Insufficient memory",
    ];

    /// <summary>Whether the failure came from a limit on memory or threads rather than from the bytes of the file.</summary>
    public static bool IsResourceLimit(string message) =>
        ResourceMessages.Any(marker => message.Contains(marker, StringComparison.OrdinalIgnoreCase));
}
