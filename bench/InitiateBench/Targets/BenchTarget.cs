namespace BuildPeer.InitiateBench.Targets;

/// <summary>One thing the bench sends requests to; the runner calls <see cref="SendAsync"/> from many threads at once.</summary>
internal abstract class BenchTarget : IAsyncDisposable
{
    public abstract string Name { get; }

    /// <summary>Once, before the first step.</summary>
    public virtual Task SetUpAsync() => Task.CompletedTask;

    /// <summary>Before each rate (e.g. a fresh project, so every rate starts from the same state).</summary>
    public virtual Task BeforeStepAsync(int rate) => Task.CompletedTask;

    /// <summary>After each rate: observations to add to the result.</summary>
    public virtual Task AfterStepAsync(StepResult result) => Task.CompletedTask;

    /// <summary>One request: null when it succeeded, otherwise a short description of the failure.</summary>
    public abstract Task<string?> SendAsync();

    public async ValueTask DisposeAsync()
    {
        await TearDownAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual ValueTask TearDownAsync() => ValueTask.CompletedTask;
}

/// <summary>The request every initiate-shaped target sends: a site photo and a plan, as the issue asks.</summary>
internal static class Workload
{
    public const string PhotoName = "site-photo.jpg";
    public const string PhotoType = "image/jpeg";
    public const long PhotoSize = 200 * 1024;
    public const string PlanName = "floor-plan.pdf";
    public const string PlanType = "application/pdf";
    public const long PlanSize = 1024 * 1024;

    /// <summary>Limits no run can reach, so quota never refuses and only the work itself is measured.</summary>
    public const long MaxFileSizeBytes = 100L * 1024 * 1024;
    public const long MaxTotalBytes = 1L << 50;
    public const int MaxFiles = 100_000_000;
    public const int MaxInFlight = 100_000_000;

    public const string Uploader = "bench-uploader";

    public static string ProjectId(string target, int rate, string runId) => $"{target}-{rate}-{runId}";
}
