using System.Diagnostics;
using BuildPeer.Grains.Telemetry;

namespace BuildPeer.UnitTests.Telemetry;

public sealed class TraceContextsTests : IDisposable
{
    private readonly ActivitySource _source = new($"tests.{Guid.NewGuid():N}");
    private readonly ActivityListener _listener;

    public TraceContextsTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source == _source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public void A_span_started_under_a_stored_traceparent_continues_that_trace_and_links_its_cause()
    {
        string stored;
        using (var initiate = _source.StartActivity("initiate"))
        {
            stored = TraceContexts.CurrentTraceParent()!;
        }

        using var message = _source.StartActivity("message");
        using var hop = _source.StartUnder("object-created", stored, cause: message!.Context);

        var parent = ActivityContext.Parse(stored, null);
        Assert.Equal(parent.TraceId, hop!.TraceId);
        Assert.Equal(parent.SpanId, hop.ParentSpanId);
        Assert.Equal(message.Context, Assert.Single(hop.Links).Context);
    }

    [Fact]
    public void Without_a_stored_traceparent_the_span_follows_the_current_one_and_links_nothing_of_its_own_trace()
    {
        using var message = _source.StartActivity("message");
        using var hop = _source.StartUnder("object-created", traceParent: null, cause: message!.Context);

        Assert.Equal(message.TraceId, hop!.TraceId);
        Assert.Equal(message.SpanId, hop.ParentSpanId);
        Assert.Empty(hop.Links);
    }

    [Fact]
    public void Nothing_traced_gives_no_traceparent()
    {
        Activity.Current = null;

        Assert.Null(TraceContexts.CurrentTraceParent());
    }

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
    }
}
