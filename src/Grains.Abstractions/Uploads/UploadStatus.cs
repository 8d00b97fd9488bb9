namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>Where an upload is in its life. The names are part of the public API: never rename them.</summary>
public enum UploadStatus
{
    Pending = 0,
    Uploaded = 1,
    Processing = 2,
    Completed = 3,
    Failed = 4,
    Quarantined = 5,
    Expired = 6,
    Aborted = 7,
}
