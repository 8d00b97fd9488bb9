using BuildPeer.Processing.Parsers;

namespace BuildPeer.Grains.Uploads.Processing.Parsers;

/// <summary>
/// How one job in a worker ended: with the worker's <see cref="Reply"/>, or with the worker lost (killed over its
/// memory limit, crashed, or killed past its time limit) and the failure code that stands for it.
/// </summary>
public sealed record ParserRun(ParseReply? Reply, string? LostCode, string? LostReason)
{
    public static ParserRun Replied(ParseReply reply) => new(reply, null, null);

    public static ParserRun Lost(string code, string reason) => new(null, code, reason);

    public bool WorkerLost => LostCode is not null;
}
