using System.Diagnostics;
using BuildPeer.Processing;
using BuildPeer.Processing.Parsers;
using Microsoft.Extensions.Logging;

// A parser worker: reads one request at a time from stdin, parses the local file it names, writes outputs to the
// folder it names and answers on stdout. The silo starts it under memory limits with a minimal environment, kills
// it when a job outlasts its time, and starts another. Nothing but protocol frames may reach stdout.
var output = Console.OpenStandardOutput();
var input = Console.OpenStandardInput();
Console.SetOut(Console.Error);

using var loggers = LoggerFactory.Create(logging => logging
    .SetMinimumLevel(LogLevel.Warning)
    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
var parser = new ParserService(loggers);
using var steps = new StepRecorder();

while (await ParserFrames.ReadAsync<ParseRequest>(input, CancellationToken.None) is { } request)
{
    // The silo kills a job that outlasts its limit; this is the backstop for a silo that died meanwhile.
    using var selfKill = new Timer(_ => Process.GetCurrentProcess().Kill(), null, request.TimeLimit * 2 + TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
    ParseReply reply;
    var exitAfter = false;
    try
    {
        reply = await parser.ParseAsync(request, CancellationToken.None);
    }
    catch (OutOfMemoryException exception)
    {
        // The heap's hard limit: the file needs more memory than a worker has. The process state is suspect after it.
        reply = ParseReply.OutOfMemory($"Parsing needed more memory than a worker may use ({exception.Message}).");
        exitAfter = true;
    }
#pragma warning disable CA1031 // Any other fault is reported back, so the silo can retry the attempt.
    catch (Exception exception)
#pragma warning restore CA1031
    {
        reply = new ParseReply { Error = $"{exception.GetType().Name}: {exception.Message}" };
    }

    await ParserFrames.WriteAsync(output, reply with { Steps = steps.Take() }, CancellationToken.None);
    if (exitAfter)
    {
        return 2;
    }
}

return 0;
