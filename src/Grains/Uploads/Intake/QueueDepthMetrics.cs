using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BuildPeer.Grains.Abstractions.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Intake;

/// <summary>
/// The depth of the upload events queue and of its dead-letter queue as a gauge, so dashboards and alerts see what
/// the operators' overview shows (SQS's own counts are CloudWatch-only). Read every <see cref="Period"/> off the
/// scrape path: a scrape never waits on SQS, and a queue that does not answer drops out of the gauge until it does.
/// The counts are the queues', not the silo's, so one set per process is enough (every silo reports the same).
/// </summary>
public sealed class QueueDepthMetrics : BackgroundService
{
    public const string QueueTag = "queue";
    public const string StateTag = "state";

    /// <summary>The queues by role rather than by SQS name, so alerts read the same in every environment.</summary>
    public const string EventsQueue = "events";
    public const string DeadLetterQueue = "dead_letters";

    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    // The gauge is static (one meter per process); the readers are the running silos' (in tests, several hosts share
    // a process). One that stops leaves the others reporting.
    private static readonly ConcurrentDictionary<QueueDepthMetrics, byte> Running = new();

    private volatile (string Role, QueueDepth Depth)[] _latest = [];

    public static readonly ObservableGauge<int> Messages = IntakeTelemetry.Meter.CreateObservableGauge(
        "buildpeer.intake.queue.messages", Observe, "{message}",
        "Messages in the upload events queue and its dead-letter queue, by queue (events, dead_letters) and state (visible, in_flight, delayed).");

    private readonly QueueDepthReader _reader;
    private readonly SqsOptions _options;
    private readonly TimeProvider _time;

    public QueueDepthMetrics(QueueDepthReader reader, IOptions<SqsOptions> options, TimeProvider time) =>
        (_reader, _options, _time) = (reader, options.Value, time);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, _time);
        Running[this] = 0;
        try
        {
            do
            {
                var events = _reader.ReadAsync(_options.UploadEventsQueueName, stoppingToken);
                var deadLetters = _reader.ReadAsync(_options.DeadLetterQueueName, stoppingToken);
                _latest = [(EventsQueue, await events), (DeadLetterQueue, await deadLetters)];
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            // The meter outlives the host (it is static): a stopped silo must not keep reporting its last counts.
            Running.TryRemove(this, out _);
        }
    }

    private static IEnumerable<Measurement<int>> Observe() =>
        (Running.Keys.Select(reader => reader._latest).FirstOrDefault(latest => latest.Length > 0) ?? []).Where(queue => queue.Depth.Error is null).SelectMany(queue => new[]
        {
            Measure(queue.Role, "visible", queue.Depth.Visible),
            Measure(queue.Role, "in_flight", queue.Depth.InFlight),
            Measure(queue.Role, "delayed", queue.Depth.Delayed),
        }).OfType<Measurement<int>>();

    private static Measurement<int>? Measure(string queue, string state, int? count) =>
        count is { } value ? new Measurement<int>(value, new(QueueTag, queue), new(StateTag, state)) : null;
}
