namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>Error codes an upload carries that are not processing failures of the file itself.</summary>
public static class UploadErrorCodes
{
    public const string MalwareFound = "malware_found";
}
