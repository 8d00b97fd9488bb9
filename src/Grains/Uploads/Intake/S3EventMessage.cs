using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads.Intake;

public enum S3EventMessageKind
{
    /// <summary>One or more objects were created.</summary>
    ObjectsCreated,

    /// <summary>S3's <c>s3:TestEvent</c>, sent when notifications are configured: nothing to do.</summary>
    TestEvent,

    /// <summary>A well-formed S3 event of another kind (e.g. ObjectRemoved): nothing to do.</summary>
    Irrelevant,

    /// <summary>Not an S3 event this service understands: a poison message.</summary>
    Malformed,
}

/// <summary>What one queue message said, whichever envelope carried it.</summary>
public sealed record S3EventMessage(S3EventMessageKind Kind, IReadOnlyList<ObjectCreated> Objects, string? Problem = null)
{
    public static S3EventMessage Created(IReadOnlyList<ObjectCreated> objects) => new(S3EventMessageKind.ObjectsCreated, objects);

    public static readonly S3EventMessage Test = new(S3EventMessageKind.TestEvent, []);

    public static readonly S3EventMessage Irrelevant = new(S3EventMessageKind.Irrelevant, []);

    public static S3EventMessage Malformed(string problem) => new(S3EventMessageKind.Malformed, [], problem);
}
