namespace BuildPeer.Grains.Abstractions.Operations;

/// <summary>
/// The operators' picture of uploads across tenants, from the <c>uploads</c> table and the queues, never from
/// grains (which would wake every upload). Stateless: any key works; use 0.
/// </summary>
[Alias("operations.IUploadsOverviewGrain")]
public interface IUploadsOverviewGrain : IGrainWithIntegerKey
{
    [Alias("Get")]
    Task<UploadsOverview> GetAsync(UploadsOverviewQuery query);
}

/// <param name="TenantId">Only this tenant, or every tenant when null.</param>
/// <param name="ProjectId">Only this project (of <paramref name="TenantId"/>), or every project when null.</param>
/// <param name="Oldest">How many of the oldest unfinished uploads to list (1-500).</param>
[GenerateSerializer, Immutable, Alias("operations.UploadsOverviewQuery")]
public sealed record UploadsOverviewQuery(
    [property: Id(0)] string? TenantId,
    [property: Id(1)] string? ProjectId,
    [property: Id(2)] int Oldest)
{
    public const int MaxOldest = 500;
}

[GenerateSerializer, Immutable, Alias("operations.UploadsOverview")]
public sealed record UploadsOverview(
    [property: Id(0)] DateTimeOffset GeneratedAt,
    [property: Id(1)] IReadOnlyList<ProjectUploadCounts> Projects,
    [property: Id(2)] bool ProjectsTruncated,
    [property: Id(3)] IReadOnlyList<UnfinishedUpload> OldestUnfinished,
    [property: Id(4)] QueueDepth Events,
    [property: Id(5)] QueueDepth DeadLetters);

/// <summary>One project's uploads by wire status (PENDING, COMPLETED, ...).</summary>
[GenerateSerializer, Immutable, Alias("operations.ProjectUploadCounts")]
public sealed record ProjectUploadCounts(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string ProjectId,
    [property: Id(2)] IReadOnlyDictionary<string, long> ByStatus);

/// <summary>An upload not yet in a terminal state; <see cref="UpdatedAt"/> is its last change.</summary>
[GenerateSerializer, Immutable, Alias("operations.UnfinishedUpload")]
public sealed record UnfinishedUpload(
    [property: Id(0)] Guid UploadId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string ProjectId,
    [property: Id(3)] string Status,
    [property: Id(4)] string FileName,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] string? Error);

/// <summary>SQS's approximate counts; <see cref="Error"/> says why they are missing when the queue did not answer.</summary>
[GenerateSerializer, Immutable, Alias("operations.QueueDepth")]
public sealed record QueueDepth(
    [property: Id(0)] string Queue,
    [property: Id(1)] int? Visible,
    [property: Id(2)] int? InFlight,
    [property: Id(3)] int? Delayed,
    [property: Id(4)] string? Error);
