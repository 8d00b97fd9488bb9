using BuildPeer.Grains.Abstractions.Operations;

namespace BuildPeer.Gateway.Operations;

/// <summary>The operators' overview with ages worked out, so a glance says which uploads are stuck.</summary>
public sealed record UploadsOverviewResponse(
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ProjectUploadCountsResponse> Projects,
    bool ProjectsTruncated,
    IReadOnlyList<UnfinishedUploadResponse> OldestUnfinished,
    QueueDepth Queue,
    QueueDepth DeadLetterQueue)
{
    public static UploadsOverviewResponse From(UploadsOverview overview) => new(
        overview.GeneratedAt,
        [.. overview.Projects.Select(project => new ProjectUploadCountsResponse(
            project.TenantId, project.ProjectId, project.ByStatus.Values.Sum(), project.ByStatus))],
        overview.ProjectsTruncated,
        [.. overview.OldestUnfinished.Select(upload => new UnfinishedUploadResponse(
            upload.UploadId, upload.TenantId, upload.ProjectId, upload.Status, upload.FileName, upload.CreatedAt, upload.UpdatedAt,
            Seconds(overview.GeneratedAt - upload.CreatedAt), Seconds(overview.GeneratedAt - upload.UpdatedAt), upload.Error))],
        overview.Events,
        overview.DeadLetters);

    private static double Seconds(TimeSpan age) => Math.Round(Math.Max(0, age.TotalSeconds), 1);
}

public sealed record ProjectUploadCountsResponse(string TenantId, string ProjectId, long Total, IReadOnlyDictionary<string, long> ByStatus);

public sealed record UnfinishedUploadResponse(
    Guid UploadId,
    string TenantId,
    string ProjectId,
    string Status,
    string FileName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    double AgeSeconds,
    double SecondsSinceLastChange,
    string? Error);
