namespace BuildPeer.Client;

/// <summary>What became of one file.</summary>
/// <param name="UploadId">The upload.</param>
/// <param name="FilePath">The local file.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Status">
/// The terminal status when <see cref="UploadOptions.WaitForTerminalState"/> was set; otherwise the status once the
/// bytes were in (UPLOADED after a multipart completion, possibly still PENDING after a single PUT until storage's
/// event is processed).
/// </param>
/// <param name="Resumed">Whether an interrupted upload was continued.</param>
/// <param name="Transfer">What it took to get the bytes there.</param>
public sealed record UploadResult(Guid UploadId, string FilePath, long Size, UploadStatus Status, bool Resumed, TransferStatistics Transfer);

/// <summary>What a transfer cost, in this process.</summary>
/// <param name="PartsSent">Parts (or single PUTs) storage acknowledged in this process.</param>
/// <param name="Retries">Attempts that failed and were tried again.</param>
/// <param name="UrlRefreshes">Times expired part URLs were signed again through the gateway.</param>
/// <param name="BytesSent">Request body bytes written to the network, failed attempts included.</param>
public sealed record TransferStatistics(int PartsSent, int Retries, int UrlRefreshes, long BytesSent);
