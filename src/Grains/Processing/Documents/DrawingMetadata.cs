namespace BuildPeer.Grains.Processing.Documents;

/// <summary>Basic facts about a CAD drawing, read from its header without a CAD library.</summary>
[GenerateSerializer, Alias("processing.DrawingMetadata")]
public sealed record DrawingMetadata
{
    /// <summary>"dwg" or "dxf".</summary>
    [Id(0)] public string Format { get; init; } = string.Empty;
    /// <summary>The file's version code, e.g. "AC1032".</summary>
    [Id(1)] public string? VersionCode { get; init; }
    /// <summary>The AutoCAD release that code stands for, e.g. "AutoCAD 2018".</summary>
    [Id(2)] public string? Release { get; init; }
}
