namespace BuildPeer.Client;

/// <summary>
/// How far one file's upload is. <see cref="BytesAcknowledged"/> counts only bytes storage has acknowledged
/// (whole parts), so it never goes backwards: not when a part is retried, nor when the upload resumes in a new
/// process. Reports are made in order from one place; note that <see cref="Progress{T}"/> without a
/// synchronisation context delivers them on the thread pool, where they may arrive out of order.
/// </summary>
/// <param name="FilePath">The local file.</param>
/// <param name="UploadId">The upload, once initiated.</param>
/// <param name="Phase">What is happening now.</param>
/// <param name="BytesAcknowledged">Bytes storage has acknowledged.</param>
/// <param name="TotalBytes">The file's size.</param>
public sealed record UploadProgress(string FilePath, Guid? UploadId, UploadPhase Phase, long BytesAcknowledged, long TotalBytes);

/// <summary>The steps of one file's upload, in order.</summary>
public enum UploadPhase
{
    /// <summary>Reading the file's checksum, initiating or finding the interrupted upload.</summary>
    Preparing,

    /// <summary>Sending the bytes to storage.</summary>
    Uploading,

    /// <summary>Asking the gateway to assemble the parts.</summary>
    Completing,

    /// <summary>The bytes are in; waiting for processing to finish.</summary>
    Processing,

    /// <summary>Done: the result has the final status.</summary>
    Finished,
}
