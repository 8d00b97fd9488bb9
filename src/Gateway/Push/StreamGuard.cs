namespace BuildPeer.Gateway.Push;

/// <summary>
/// What an open stream answers to besides its client: <paramref name="StillAllowed"/> re-runs the access check it
/// opened with, <paramref name="TokenExpiresAt"/> ends it with the caller's token, and <paramref name="Slot"/> is
/// its place under the per-user cap (<see cref="StreamLimiter"/>), released when it ends.
/// </summary>
public sealed record StreamGuard(Func<CancellationToken, Task<bool>> StillAllowed, DateTimeOffset? TokenExpiresAt, IDisposable Slot);
