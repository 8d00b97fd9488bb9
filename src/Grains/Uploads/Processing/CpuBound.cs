namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// Runs a long synchronous computation (decoding a photo, parsing a PDF) on a thread of its own. On the shared
/// thread pool it would hold a thread the Orleans scheduler and Kestrel need for hundreds of milliseconds; under a
/// burst that starved the pool (".NET Thread Pool execution stalled") in the end-to-end benchmark. The worker pool
/// still bounds how many run at once, so these threads are few.
/// </summary>
public static class CpuBound
{
    public static Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
}
