namespace BuildPeer.Client;

/// <summary>Where the gateway is, who the client acts as, and how hard it tries.</summary>
public sealed class BuildPeerClientOptions
{
    /// <summary>The gateway's base address, e.g. <c>https://uploads.example.com/</c>.</summary>
    public required Uri GatewayUrl { get; init; }

    /// <summary>The tenant every call acts in (the <c>X-Tenant-ID</c> header).</summary>
    public required string TenantId { get; init; }

    /// <summary>
    /// Gives the bearer token; asked before every gateway call, so a provider that refreshes tokens keeps a long
    /// upload authorised. <see cref="StaticToken"/> wraps a fixed token.
    /// </summary>
    public required Func<CancellationToken, ValueTask<string>> AccessTokenProvider { get; init; }

    /// <summary>Parts of one file sent at the same time. Each holds a connection, not a buffer of the part.</summary>
    public int MaxConcurrentParts { get; init; } = 4;

    /// <summary>
    /// Retries of one part (or one gateway call) after a failure before the upload gives up: network errors,
    /// time-outs and 5xx answers count; a part URL that merely expired is signed again without counting.
    /// </summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles with each further retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two retries.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt at one part (or the single PUT) may take before it counts as failed.</summary>
    public TimeSpan PartTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one gateway call may take before it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Between two status polls, when push notifications are not available.</summary>
    public TimeSpan StatusPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Wait for the terminal state on the gateway's event stream; polling stays the fallback.</summary>
    public bool UsePush { get; init; } = true;

    /// <summary>
    /// Where the resume state of unfinished uploads is kept, one small JSON file per upload. Defaults to
    /// <c>$XDG_STATE_HOME/buildpeer/uploads</c> (<c>~/.local/state/buildpeer/uploads</c>), or the local
    /// application data folder on Windows.
    /// </summary>
    public string StateDirectory { get; init; } = DefaultStateDirectory();

    /// <summary>A provider that always gives <paramref name="token"/>.</summary>
    public static Func<CancellationToken, ValueTask<string>> StaticToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return _ => ValueTask.FromResult(token);
    }

    /// <summary>The default <see cref="StateDirectory"/> of this machine and user.</summary>
    public static string DefaultStateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "BuildPeer", "uploads");
        }

        var stateHome = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        return string.IsNullOrEmpty(stateHome)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "buildpeer", "uploads")
            : Path.Combine(stateHome, "buildpeer", "uploads");
    }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(GatewayUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(TenantId);
        ArgumentNullException.ThrowIfNull(AccessTokenProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(StateDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentParts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryBaseDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PartTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StatusPollInterval, TimeSpan.Zero);
    }
}
