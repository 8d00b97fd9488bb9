using System.Diagnostics.Metrics;
using Amazon.SQS;
using BuildPeer.Grains.Uploads.Intake;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Intake.DeadLetters;
using Microsoft.Extensions.Options;

namespace BuildPeer.IntegrationTests.Uploads.Intake;

/// <summary>
/// The queue-depth gauge reads the real queues; the gauge is one per process and the readers one per silo, so a
/// silo that stops must not silence the others (several silos share a process in tests, and in a rolling restart's
/// overlap nothing else would report). Alone, since the gauge would show any other test silo's reading too.
/// </summary>
[Collection(QueueDepthMetricsCollection.Name)]
public sealed class QueueDepthMetricsTests : IAsyncLifetime
{
    private readonly AmazonSQSClient _sqs = new();
    private TestQueuePair _queues = null!;

    public async Task InitializeAsync()
    {
        LocalStack.ExportToEnvironment();
        _queues = await TestQueuePair.CreateAsync(_sqs);
    }

    [Fact]
    public async Task The_gauge_reports_the_queues_while_any_reader_runs()
    {
        await _sqs.SendMessageAsync(_queues.SourceUrl, "{}");
        var first = Reader();
        var second = Reader();
        await first.StartAsync(CancellationToken.None);
        await second.StartAsync(CancellationToken.None);

        var visible = await Eventually.MatchesAsync(() => Task.FromResult(ObserveVisibleEvents()), count => count == 1,
            TimeSpan.FromSeconds(10), "the gauge to show the waiting message");

        await first.StopAsync(CancellationToken.None);
        Assert.Equal(visible, ObserveVisibleEvents());

        await second.StopAsync(CancellationToken.None);
        Assert.Null(ObserveVisibleEvents());
    }

    private QueueDepthMetrics Reader() => new(new QueueDepthReader(_sqs),
        Options.Create(new SqsOptions { UploadEventsQueueName = _queues.SourceName, DeadLetterQueueName = _queues.DeadLetterName }),
        TimeProvider.System);

    /// <summary>What the gauge says of visible messages in the events queue now, or null if it says nothing.</summary>
    private static int? ObserveVisibleEvents()
    {
        int? visible = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument == QueueDepthMetrics.Messages)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            var labels = tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value as string);
            if (labels[QueueDepthMetrics.QueueTag] == QueueDepthMetrics.EventsQueue && labels[QueueDepthMetrics.StateTag] == "visible")
            {
                visible = value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return visible;
    }

    public async Task DisposeAsync()
    {
        await _queues.DisposeAsync();
        _sqs.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QueueDepthMetricsCollection
{
    public const string Name = "queue depth gauge";
}
