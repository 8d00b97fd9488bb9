namespace BuildPeer.Client;

/// <summary>Where an upload is in its life; the gateway's wire names are the upper-case forms (<c>PENDING</c>, ...).</summary>
public enum UploadState
{
    /// <summary>A state this client version does not know (a newer gateway).</summary>
    Unknown,

    /// <summary>Initiated; the bytes are not all in storage yet.</summary>
    Pending,

    /// <summary>The bytes are in storage; processing follows.</summary>
    Uploaded,

    /// <summary>Being scanned and processed.</summary>
    Processing,

    /// <summary>Processed: thumbnails and metadata are ready.</summary>
    Completed,

    /// <summary>The file could not be processed; see the error code.</summary>
    Failed,

    /// <summary>A virus was found; the file is never served.</summary>
    Quarantined,

    /// <summary>The bytes did not arrive before the URLs expired.</summary>
    Expired,

    /// <summary>Given up on request.</summary>
    Aborted,
}

/// <summary>Wire names and the terminal states.</summary>
public static class UploadStateExtensions
{
    /// <summary>Whether the upload will never change again (whether it succeeded or not).</summary>
    public static bool IsTerminal(this UploadState state) =>
        state is UploadState.Completed or UploadState.Failed or UploadState.Quarantined or UploadState.Expired or UploadState.Aborted;

    /// <summary>The gateway's name of the state, e.g. <c>COMPLETED</c>.</summary>
    public static string ToWireName(this UploadState state) => state.ToString().ToUpperInvariant();

    /// <summary>The state a gateway wire name means; <see cref="UploadState.Unknown"/> for one this client does not know.</summary>
    public static UploadState ParseWireName(string? wireName) =>
        wireName is { Length: > 0 } && wireName.All(char.IsAsciiLetter)
            && Enum.TryParse<UploadState>(wireName, ignoreCase: true, out var state)
            ? state
            : UploadState.Unknown;
}
