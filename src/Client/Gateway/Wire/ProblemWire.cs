namespace BuildPeer.Client.Gateway.Wire;

/// <summary>An RFC 9457 problem as the gateway writes it: always a <c>code</c>; <c>files</c> on <c>files_rejected</c>.</summary>
internal sealed record ProblemWire(string? Title, string? Detail, int? Status, string? Code, IReadOnlyList<ProblemFileWire>? Files);

internal sealed record ProblemFileWire(int Index, string? Filename, string? Code, string? Detail);
