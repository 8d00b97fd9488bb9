namespace BuildPeer.Grains.Abstractions.Uploads.Catalog;

/// <summary>Reads the wire and database spelling of <see cref="UploadStatus"/> (see <see cref="UploadStatusExtensions.ToWireName"/>).</summary>
public static class UploadStatusWireNames
{
    private static readonly UploadStatus[] All = Enum.GetValues<UploadStatus>();

    /// <summary>
    /// The status spelled <paramref name="name"/>, in any letter case. Only names: numbers and C# member names that
    /// differ from the wire name are not statuses.
    /// </summary>
    public static bool TryParse(string? name, out UploadStatus status)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWireName(), name, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>The status stored as <paramref name="name"/>; the database only holds known names (a CHECK constraint).</summary>
    public static UploadStatus Parse(string name) =>
        TryParse(name, out var status) ? status : throw new FormatException($"'{name}' is not an upload status.");
}
