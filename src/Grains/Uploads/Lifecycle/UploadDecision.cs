
namespace BuildPeer.Grains.Uploads.Lifecycle;

/// <summary>
/// What <see cref="UploadLifecycle"/> decided for one command: the command's answer, the state to write (null when
/// nothing changes) and the effects to run, in order.
/// </summary>
public sealed record UploadDecision<TResult>(TResult Result, UploadState? State, IReadOnlyList<UploadEffect> Effects)
{
    public bool Writes => State is not null;
}
