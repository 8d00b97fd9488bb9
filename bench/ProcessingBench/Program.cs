using BuildPeer.ProcessingBench;

// Processing benches; see bench/run-processing.sh (per-file times, thumbnail step vs sharp) and
// bench/run-processing-e2e.sh (200 photos from PUT to COMPLETED through a silo and a gateway), and docs/benchmarks.md.
if (args.Length == 0 || args[0] is not ("processing" or "e2e"))
{
    await Console.Error.WriteLineAsync("usage: BuildPeer.ProcessingBench processing|e2e [--name value ...]");
    return 2;
}

var options = new Args(args[1..]);
return args[0] == "processing"
    ? await ProcessingRun.RunAsync(options)
    : await EndToEndRun.RunAsync(options);
