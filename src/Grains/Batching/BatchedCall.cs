namespace BuildPeer.Grains.Batching;

/// <summary>One caller's item in <see cref="StatementBatches{T}"/>, failed by the batches when its statement fails.</summary>
internal interface IBatchedCall
{
    void Fail(Exception exception);
}

/// <summary>A caller waiting for its statement: completed with its own result, or failed with the statement.</summary>
internal abstract class BatchedCall<TResult> : IBatchedCall
{
    public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Fail(Exception exception) => Completion.TrySetException(exception);
}
