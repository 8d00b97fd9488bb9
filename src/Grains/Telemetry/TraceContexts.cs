using System.Diagnostics;

namespace BuildPeer.Grains.Telemetry;

/// <summary>
/// Carries a trace across the asynchronous hops of an upload (initiate, the S3 event, the processing attempts, the
/// notification): the upload's state keeps the W3C <c>traceparent</c> of its initiate, and each later hop starts a
/// span under it, so one upload reads as one trace however many queues and timers lie in between.
/// </summary>
public static class TraceContexts
{
    /// <summary>The current span as a W3C <c>traceparent</c>, or null when nothing is being traced.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Starts <paramref name="name"/> as a child of the stored <paramref name="traceParent"/> (or of the current span
    /// when none was stored), linked to <paramref name="cause"/>: the span of what woke it up, in its own trace.
    /// </summary>
    public static Activity? StartUnder(this ActivitySource source, string name, string? traceParent,
        ActivityKind kind = ActivityKind.Internal, ActivityContext cause = default)
    {
        var parent = ActivityContext.TryParse(traceParent, null, out var stored) ? stored : default;
        // Without a stored parent the span falls under the current one; a link into its own trace would say nothing.
        var trace = parent != default ? parent.TraceId : Activity.Current?.TraceId ?? default;
        ActivityLink[]? links = cause != default && cause.TraceId != trace ? [new ActivityLink(cause)] : null;
        return source.StartActivity(kind, parent, tags: null, links: links, name: name);
    }
}
