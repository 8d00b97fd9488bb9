namespace BuildPeer.Client;

/// <summary>An upload that was started on this machine and not finished; <see cref="BuildPeerClient.ResumeAsync"/> finishes it.</summary>
/// <param name="FilePath">The local file.</param>
/// <param name="ProjectId">The project it goes to.</param>
/// <param name="FileName">The name it is uploaded under.</param>
/// <param name="Size">Its size in bytes when the upload started.</param>
/// <param name="UploadId">The upload, once initiated (null if the process stopped before the gateway answered).</param>
/// <param name="PartCount">Parts of the upload (1 for a single PUT).</param>
/// <param name="CompletedPartNumbers">Parts storage has acknowledged: they are not sent again.</param>
/// <param name="BytesAcknowledged">Bytes of those parts.</param>
/// <param name="StartedAt">When the upload started.</param>
public sealed record InterruptedUpload(
    string FilePath,
    string ProjectId,
    string FileName,
    long Size,
    Guid? UploadId,
    int PartCount,
    IReadOnlyList<int> CompletedPartNumbers,
    long BytesAcknowledged,
    DateTimeOffset StartedAt)
{
    internal string StateKey { get; init; } = string.Empty;
}
