namespace BuildPeer.Client.Uploads;

/// <summary>
/// Storage no longer takes bytes for this upload: its URL expired and cannot be signed again (a single PUT), or
/// the multipart upload was aborted or expired. The run may start a new upload if nothing was acknowledged yet.
/// </summary>
internal sealed class UploadGoneException(string message) : Exception(message);
