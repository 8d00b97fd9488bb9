namespace BuildPeer.Grains.Abstractions.Uploads;

public static class UploadStatusExtensions
{
    /// <summary>The wire and database spelling: upper case, as in the seed's API.</summary>
    public static string ToWireName(this UploadStatus status) => status switch
    {
        UploadStatus.Pending => "PENDING",
        UploadStatus.Uploaded => "UPLOADED",
        UploadStatus.Processing => "PROCESSING",
        UploadStatus.Completed => "COMPLETED",
        UploadStatus.Failed => "FAILED",
        UploadStatus.Quarantined => "QUARANTINED",
        UploadStatus.Expired => "EXPIRED",
        UploadStatus.Aborted => "ABORTED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown upload status."),
    };

    public static bool IsTerminal(this UploadStatus status) =>
        status is UploadStatus.Completed or UploadStatus.Failed or UploadStatus.Quarantined
            or UploadStatus.Expired or UploadStatus.Aborted;

    /// <summary>
    /// The status spelled <paramref name="name"/>, in any letter case. Only wire names: numbers and C# member names
    /// are not statuses.
    /// </summary>
    public static bool TryParseWireName(string? name, out UploadStatus status)
    {
        foreach (var candidate in Enum.GetValues<UploadStatus>())
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
    public static UploadStatus ParseWireName(string name) =>
        TryParseWireName(name, out var status) ? status : throw new FormatException($"'{name}' is not an upload status.");
}
