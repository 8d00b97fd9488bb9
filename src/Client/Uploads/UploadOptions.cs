namespace BuildPeer.Client;

/// <summary>How to upload one file.</summary>
public sealed class UploadOptions
{
    /// <summary>The content type to declare; by default the one the file's extension calls for.</summary>
    public string? ContentType { get; init; }

    /// <summary>The name to upload under; by default the file's own name.</summary>
    public string? FileName { get; init; }

    /// <summary>
    /// Wait until processing has finished (COMPLETED, FAILED, QUARANTINED, ...) before returning; otherwise return
    /// once the bytes are in storage.
    /// </summary>
    public bool WaitForTerminalState { get; init; } = true;

    /// <summary>
    /// Continue an interrupted upload of the same, unchanged file; when false, that upload is given up (aborted) and
    /// a new one starts.
    /// </summary>
    public bool Resume { get; init; } = true;

    /// <summary>Send the file's SHA-256 at initiate, so processing refuses bytes that changed on the way.</summary>
    public bool ComputeChecksum { get; init; } = true;
}
