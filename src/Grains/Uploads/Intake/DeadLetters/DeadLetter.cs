using BuildPeer.Grains.Abstractions.Operations;

namespace BuildPeer.Grains.Uploads.Intake.DeadLetters;

/// <summary>One message in the dead-letter queue, with what the S3 event parser makes of its body.</summary>
public sealed record DeadLetter(
    string MessageId,
    string Body,
    bool BodyTruncated,
    int ApproximateReceiveCount,
    DateTimeOffset? SentTimestamp,
    S3EventMessage Event)
{
    /// <summary>Bodies are shown up to this many characters; S3 events are far smaller, poison can be 256 KB.</summary>
    public const int DisplayLimit = 4096;

    /// <summary>Reads a received message; the event is parsed from the whole body, before it is cut for display.</summary>
    public static DeadLetter From(string messageId, string body, int receiveCount, DateTimeOffset? sentTimestamp)
    {
        var truncated = body.Length > DisplayLimit;
        var limit = DisplayLimit;
        if (truncated && char.IsHighSurrogate(body[limit - 1]))
        {
            // Never split a surrogate pair: the result would not be valid UTF-16.
            limit--;
        }

        return new DeadLetter(messageId, truncated ? body[..limit] : body, truncated, receiveCount, sentTimestamp,
            S3EventParser.Parse(body));
    }

    public DeadLetterView ToView() => new(
        MessageId, Body, BodyTruncated, ApproximateReceiveCount, SentTimestamp, Event.Kind.ToString(),
        [.. Event.Objects.Select(o => new DeadLetterObject(o.Bucket, o.Key, o.EventName))], Event.Problem);
}
