namespace BuildPeer.Client.Gateway.Wire;

internal sealed record CompleteRequestWire(IReadOnlyList<CompletedPartWire> Parts);

internal sealed record CompletedPartWire(int PartNumber, string ETag);

internal sealed record PartUrlsRequestWire(IReadOnlyList<int> PartNumbers);

internal sealed record PartUrlsResponseWire(IReadOnlyList<PartUrlWire>? Parts, DateTimeOffset ExpiresAt);
