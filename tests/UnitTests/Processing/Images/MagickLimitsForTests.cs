using System.Runtime.CompilerServices;
using BuildPeer.Processing.Images;

namespace BuildPeer.UnitTests.Processing.Images;

/// <summary>
/// Magick.NET's limits are process-wide and only ever widen (MagickRuntime). A test that configures a tiny pixel budget
/// could otherwise set them first, and an image another test generates at the same moment would exceed them
/// (CacheResourcesExhausted). The production limits are set before any test runs; the tiny budgets those tests check
/// are the header check's, which is per processor.
/// </summary>
internal static class MagickLimitsForTests
{
#pragma warning disable CA2255 // A test assembly: the process-wide state must be set before any test touches it.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void StartFromProductionLimits() => MagickRuntime.EnsureLimits(new ImageProcessingOptions());
}
