namespace BuildPeer.Processing.Documents;

/// <summary>Basic facts about a CAD drawing, read from its header without a CAD library.</summary>
public sealed record DrawingMetadata
{
    /// <summary>"dwg" or "dxf".</summary>
    public string Format { get; init; } = string.Empty;
    /// <summary>The file's version code, e.g. "AC1032".</summary>
    public string? VersionCode { get; init; }
    /// <summary>The AutoCAD release that code stands for, e.g. "AutoCAD 2018".</summary>
    public string? Release { get; init; }
}
