using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads.Intake;

/// <summary>The queue S3 events arrive on; bound from the "Sqs" section. Endpoint and credentials are the SDK's.</summary>
public sealed class SqsOptions
{
    public const string SectionName = "Sqs";

    /// <summary>Whether this silo consumes the queue at all; off for silos that only serve grain calls.</summary>
    public bool Enabled { get; set; } = true;

    [Required(ErrorMessage = "Sqs:UploadEventsQueueName is required.")]
    public string UploadEventsQueueName { get; set; } = string.Empty;

    /// <summary>
    /// Where SQS moves upload events after the queue's maxReceiveCount (its RedrivePolicy); operators peek at and
    /// redrive it. The default is the name scripts/stack.sh gives it.
    /// </summary>
    [Required(ErrorMessage = "Sqs:DeadLetterQueueName is required.")]
    public string DeadLetterQueueName { get; set; } = "upload-events-dlq";

    /// <summary>Long-poll wait: 20 s (SQS's maximum) keeps empty receives, and their cost, rare.</summary>
    [Range(0, 20, ErrorMessage = "Sqs:WaitTimeSeconds must be between 0 and 20.")]
    public int WaitTimeSeconds { get; set; } = 20;

    [Range(1, 10, ErrorMessage = "Sqs:MaxMessagesPerReceive must be between 1 and 10.")]
    public int MaxMessagesPerReceive { get; set; } = 10;

    /// <summary>Pause after a failed receive so a queue outage does not become a busy loop.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Sqs:ErrorBackoff must be between 100 ms and 5 minutes.")]
    public TimeSpan ErrorBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Messages this silo holds at once. A poller asks only for as many as there are free places, so a slow
    /// cluster leaves messages in the queue (where another silo can take them) instead of in its memory.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Sqs:MaxInFlight must be between 1 and 1000.")]
    public int MaxInFlight { get; set; } = 40;

    /// <summary>Concurrent long polls; more than one keeps a batch being handled from idling the receive side.</summary>
    [Range(1, 16, ErrorMessage = "Sqs:Pollers must be between 1 and 16.")]
    public int Pollers { get; set; } = 2;

    /// <summary>
    /// How long a received message stays invisible to other consumers; a message still being handled gets it
    /// again every third of it, so a slow grain call is never handed to a second silo meanwhile.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "12:00:00", ErrorMessage = "Sqs:VisibilityTimeout must be between 2 seconds and 12 hours.")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Files waiting for a processing worker on this silo above which its pollers stop taking new events: a silo
    /// that cannot keep up leaves them in the queue for the others instead of piling work up in memory.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Sqs:MaxProcessingBacklog must be between 1 and 100000.")]
    public int MaxProcessingBacklog { get; set; } = 200;

    /// <summary>
    /// At shutdown, how long messages already received may take to finish once receiving has stopped; whatever is
    /// still held then is made visible again at once (visibility 0) for another silo, instead of after its timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Sqs:ShutdownGrace must be between 0 and 5 minutes.")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);
}
