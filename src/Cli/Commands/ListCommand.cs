using System.CommandLine;
using System.Globalization;
using BuildPeer.Cli.Output;
using BuildPeer.Client;

namespace BuildPeer.Cli.Commands;

/// <summary><c>buildpeer list --project &lt;id&gt;</c>: a project's uploads, newest first, in aligned columns.</summary>
internal static class ListCommand
{
    // The gateway's largest page; the command follows cursors until it has --limit uploads.
    private const int PageSize = 100;

    public static Command Create(CliContext context, GlobalOptions global)
    {
        var project = new Option<string>("--project", "-p") { Description = "The project.", Required = true };
        var status = new Option<string?>("--status") { Description = "Only uploads in this state (PENDING, COMPLETED, FAILED, ...)." };
        status.CompletionSources.Add(Enum.GetValues<UploadState>().Where(state => state != UploadState.Unknown)
            .Select(state => state.ToWireName()).ToArray());
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many uploads.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List a project's uploads, newest first.") { project, status, limit };
        command.SetAction((parsed, cancellationToken) => BuildPeerCommandLine.GuardAsync(context, global.FormatOf(parsed), async () =>
        {
            var state = parsed.GetValue(status) is { } wireName ? ParseState(wireName) : (UploadState?)null;
            var wanted = Math.Max(parsed.GetValue(limit), 1);
            using var client = context.CreateClient(parsed.GetValue(global.Config));

            var uploads = new List<UploadSummary>();
            string? cursor = null;
            do
            {
                var page = await client.ListAsync(parsed.GetValue(project)!, new ListUploadsOptions
                {
                    State = state,
                    Limit = Math.Min(PageSize, wanted - uploads.Count),
                    Cursor = cursor,
                }, cancellationToken);
                uploads.AddRange(page.Uploads);
                cursor = page.NextCursor;
            }
            while (cursor is not null && uploads.Count < wanted);

            if (global.FormatOf(parsed) == OutputFormat.Json)
            {
                JsonOutput.WriteList(context.Out, uploads);
            }
            else
            {
                Print(context.Out, uploads);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static UploadState ParseState(string wireName) => UploadStateExtensions.ParseWireName(wireName) is var state and not UploadState.Unknown
        ? state
        : throw new CliUsageException(ErrorCodes.InvalidStatus, $"'{wireName}' is not an upload status (PENDING, UPLOADED, PROCESSING, COMPLETED, FAILED, QUARANTINED, EXPIRED, ABORTED).");

    private static void Print(TextWriter output, IReadOnlyList<UploadSummary> uploads)
    {
        string[] header = ["UPLOAD", "STATUS", "SIZE", "CREATED", "FILE"];
        var rows = uploads.Select(upload => new[]
        {
            upload.UploadId.ToString(),
            upload.State.ToWireName(),
            ByteSize.Format(upload.Size),
            upload.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            upload.FileName,
        }).ToList();
        var widths = Enumerable.Range(0, header.Length - 1)
            .Select(column => rows.Select(row => row[column].Length).Append(header[column].Length).Max())
            .ToList();
        foreach (var row in rows.Prepend(header))
        {
            output.WriteLine(string.Join("  ", row.Select((cell, column) => column < widths.Count ? cell.PadRight(widths[column]) : cell)));
        }
    }
}
