namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>What one project may hold. Uploads in flight count against every limit until they finish.</summary>
[GenerateSerializer, Immutable, Alias("projects.ProjectLimits")]
public sealed record ProjectLimits(
    [property: Id(0)] long MaxFileSizeBytes,
    [property: Id(1)] long MaxTotalBytes,
    [property: Id(2)] int MaxFiles,
    [property: Id(3)] int MaxInFlight)
{
    /// <summary>The seed's defaults: 100 MiB a file, 50 GiB and 100,000 files a project, 500 uploads at once.</summary>
    public static readonly ProjectLimits Default = new(100L * 1024 * 1024, 50L * 1024 * 1024 * 1024, 100_000, 500);

    /// <summary>The first limit that is not positive, or null when all are.</summary>
    public string? FirstInvalid() =>
        MaxFileSizeBytes <= 0 ? nameof(MaxFileSizeBytes)
        : MaxTotalBytes <= 0 ? nameof(MaxTotalBytes)
        : MaxFiles <= 0 ? nameof(MaxFiles)
        : MaxInFlight <= 0 ? nameof(MaxInFlight)
        : null;
}
