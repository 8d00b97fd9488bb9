
namespace BuildPeer.Grains.Uploads.Lifecycle;

/// <summary>What an upload does with an object event that arrives once it is past PENDING.</summary>
public enum LateObjectAction
{
    /// <summary>The object already recorded (a redelivered event): nothing changes.</summary>
    Ignore,

    /// <summary>The recorded object, and processing may not be under way yet: make sure it is.</summary>
    ContinueProcessing,

    /// <summary>Other bytes than the ones recorded: they are processed, and scanned, again before anything is served.</summary>
    Rescan,

    /// <summary>The upload is over and takes no bytes: the object is deleted.</summary>
    Delete,
}
