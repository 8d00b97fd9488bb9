using ImageMagick;

namespace BuildPeer.Processing.Images;

/// <summary>
/// Process-wide Magick.NET resource limits. Its defaults are unsafe for uploads: no size limits and a pixel cache
/// that spills to disk. The header check refuses large images first; these limits are the backstop if a decoder
/// produces more than its header declared.
/// </summary>
internal static class MagickRuntime
{
    private static readonly Lock _gate = new();
    private static long _maxPixels;
    private static long _memoryBytes;

    /// <summary>
    /// Limits are global, so with several processors in one process (tests, reconfiguration) they only ever widen:
    /// a smaller limit from one instance must not break another instance's work in progress.
    /// </summary>
    public static void EnsureLimits(ImageProcessingOptions options)
    {
        lock (_gate)
        {
            if (options.MaxPixels <= _maxPixels && options.MagickMemoryLimitBytes <= _memoryBytes)
            {
                return;
            }

            _maxPixels = Math.Max(_maxPixels, options.MaxPixels);
            _memoryBytes = Math.Max(_memoryBytes, options.MagickMemoryLimitBytes);

            // No side can be longer than the whole pixel budget; Area is the real cap.
            ResourceLimits.Width = (ulong)_maxPixels;
            ResourceLimits.Height = (ulong)_maxPixels;
            ResourceLimits.Area = (ulong)_maxPixels;
            ResourceLimits.Memory = (ulong)_memoryBytes;
            ResourceLimits.Disk = 0;
        }
    }
}
