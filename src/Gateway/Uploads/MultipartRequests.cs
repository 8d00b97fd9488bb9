namespace BuildPeer.Gateway.Uploads;

/// <summary>Body of <c>POST /api/uploads/{uploadId}/complete</c>: every part with the ETag S3 returned for it.</summary>
public sealed record CompleteRequest(IReadOnlyList<CompletedPartRequest?>? Parts);

public sealed record CompletedPartRequest(int PartNumber, string? ETag);

/// <summary>Body of <c>POST /api/uploads/{uploadId}/parts</c>: the parts that need fresh URLs.</summary>
public sealed record PartUrlsRequest(IReadOnlyList<int>? PartNumbers);

/// <summary>Fresh part URLs and when they expire.</summary>
public sealed record PartUrlsResponse(IReadOnlyList<PartUrlResponse> Parts, DateTimeOffset ExpiresAt);
