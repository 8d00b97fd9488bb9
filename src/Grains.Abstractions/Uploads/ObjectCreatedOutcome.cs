namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>What an <see cref="IUploadGrain"/> made of an <see cref="ObjectCreated"/> event.</summary>
public enum ObjectCreatedOutcome
{
    /// <summary>The upload moved to UPLOADED and that is durable.</summary>
    Recorded = 0,

    /// <summary>The upload was already past PENDING with this very object: a duplicate event, nothing changed.</summary>
    AlreadyRecorded = 1,

    /// <summary>No upload was ever initiated under this id: the event is not ours to act on.</summary>
    UnknownUpload = 2,

    /// <summary>The event does not match the upload (another key): it was ignored.</summary>
    Mismatch = 3,

    /// <summary>Another object than the one recorded is at the upload's key: it is being scanned and processed again.</summary>
    Rescanning = 4,

    /// <summary>The upload had ended (aborted, expired, failed, quarantined): its late object was deleted.</summary>
    LateObjectDeleted = 5,
}
