using System.Diagnostics.Metrics;

namespace BuildPeer.Grains.MobilePush;

/// <summary>Instruments of mobile push; exported with every "BuildPeer." meter.</summary>
public static class PushMetrics
{
    public const string MeterName = "BuildPeer.MobilePush";
    public const string OutcomeTag = "outcome";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Sends to one device, by outcome: sent, dead_token, rejected, retry_later.</summary>
    public static readonly Counter<long> Sends = Meter.CreateCounter<long>(
        "buildpeer.push.sends", "{send}", "Pushes to one device, by outcome.");

    /// <summary>Queue messages handled, by outcome: pushed, ignored, not_ours, malformed, failed.</summary>
    public static readonly Counter<long> Messages = Meter.CreateCounter<long>(
        "buildpeer.push.messages", "{message}", "Push queue messages handled, by outcome.");

    public static void CountSend(string outcome) => Sends.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));

    public static void CountMessage(string outcome) => Messages.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));
}
