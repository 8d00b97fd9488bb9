using System.Diagnostics.CodeAnalysis;

namespace BuildPeer.Grains.Uploads.Links.Multipart;

/// <summary>
/// What <see cref="IMultipartStorage.CompleteAsync"/> came to. The client's faults are results, not exceptions, so
/// the grain can record and report them; S3 faults that a retry may cure still throw.
/// </summary>
public sealed class MultipartCompletion
{
    private MultipartCompletion(MultipartCompletionOutcome outcome, CompletedObject? completedObject, MultipartProblem? problem)
    {
        Outcome = outcome;
        Object = completedObject;
        Problem = problem;
    }

    public MultipartCompletionOutcome Outcome { get; }

    /// <summary>The object, for <see cref="MultipartCompletionOutcome.Completed"/> and <see cref="MultipartCompletionOutcome.AlreadyCompleted"/>.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The S3 object: S3's own word for it.")]
    public CompletedObject? Object { get; }

    /// <summary>Why not, for <see cref="MultipartCompletionOutcome.InvalidParts"/> and <see cref="MultipartCompletionOutcome.UploadNotFound"/>.</summary>
    public MultipartProblem? Problem { get; }

    /// <summary>The object exists, whether this call or an earlier one completed it.</summary>
    [MemberNotNullWhen(true, nameof(Object))]
    public bool Succeeded => Object is not null;

    public static MultipartCompletion Completed(CompletedObject completedObject) =>
        new(MultipartCompletionOutcome.Completed, completedObject, null);

    public static MultipartCompletion AlreadyCompleted(CompletedObject completedObject) =>
        new(MultipartCompletionOutcome.AlreadyCompleted, completedObject, null);

    public static MultipartCompletion InvalidParts(MultipartProblem problem) =>
        new(MultipartCompletionOutcome.InvalidParts, null, problem);

    public static MultipartCompletion UploadNotFound(MultipartProblem problem) =>
        new(MultipartCompletionOutcome.UploadNotFound, null, problem);

    public override string ToString() => Succeeded
        ? $"{Outcome} (ETag {Object.ETag}, {Object.Size} bytes)"
        : $"{Outcome} ({Problem?.Code}: {Problem?.Detail})";
}
