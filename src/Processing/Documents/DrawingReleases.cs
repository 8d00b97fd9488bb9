using System.Collections.Frozen;

namespace BuildPeer.Processing.Documents;

/// <summary>
/// AutoCAD's drawing-format version codes and the first release that wrote each. A code stays in use for several
/// releases (AC1032 is written by 2018 through today's), so the name is the release that introduced it.
/// </summary>
public static class DrawingReleases
{
    private static readonly FrozenDictionary<string, string> ReleasesByCode = new Dictionary<string, string>
    {
        ["AC1009"] = "AutoCAD R11/R12",
        ["AC1012"] = "AutoCAD R13",
        ["AC1014"] = "AutoCAD R14",
        ["AC1015"] = "AutoCAD 2000",
        ["AC1018"] = "AutoCAD 2004",
        ["AC1021"] = "AutoCAD 2007",
        ["AC1024"] = "AutoCAD 2010",
        ["AC1027"] = "AutoCAD 2013",
        ["AC1032"] = "AutoCAD 2018",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>"AutoCAD 2018" for "AC1032"; null for a code not in the table.</summary>
    public static string? NameOf(string versionCode) => ReleasesByCode.GetValueOrDefault(versionCode);

    /// <summary>Whether a string has the shape of a version code: "AC" and four digits.</summary>
    public static bool IsVersionCode(ReadOnlySpan<char> candidate) =>
        candidate.Length == 6 && candidate.StartsWith("AC", StringComparison.Ordinal)
        && char.IsAsciiDigit(candidate[2]) && char.IsAsciiDigit(candidate[3])
        && char.IsAsciiDigit(candidate[4]) && char.IsAsciiDigit(candidate[5]);
}
