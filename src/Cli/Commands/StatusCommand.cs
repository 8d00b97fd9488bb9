using System.CommandLine;
using System.Globalization;
using BuildPeer.Cli.Output;
using BuildPeer.Client;

namespace BuildPeer.Cli.Commands;

/// <summary><c>buildpeer status &lt;uploadId&gt;</c>: the upload's record, one fact a line.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var uploadId = new Argument<Guid>("uploadId") { Description = "The upload." };
        var wait = new Option<bool>("--wait") { Description = "Wait until processing has finished first." };
        var command = new Command("status", "Show an upload's status and what processing found.") { uploadId, wait };
        command.SetAction((parsed, cancellationToken) => BuildPeerCommandLine.GuardAsync(context, global.FormatOf(parsed), async () =>
        {
            using var client = context.CreateClient(parsed.GetValue(global.Config));
            var id = parsed.GetValue(uploadId);
            if (parsed.GetValue(wait))
            {
                await client.WaitForTerminalAsync(id, cancellationToken);
            }

            var upload = await client.GetUploadAsync(id, cancellationToken);
            if (global.FormatOf(parsed) == OutputFormat.Json)
            {
                JsonOutput.WriteUpload(context.Out, upload);
                return ExitCodes.Ok;
            }

            foreach (var (name, value) in Facts(upload))
            {
                context.Out.WriteLine($"{name,-10}{value}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static IEnumerable<(string Name, string Value)> Facts(UploadDetails upload)
    {
        yield return ("upload", upload.UploadId.ToString());
        yield return ("status", upload.State.ToWireName());
        yield return ("file", $"{upload.FileName} ({upload.ContentType}, {ByteSize.Format(upload.Size)})");
        yield return ("project", upload.ProjectId);
        yield return ("method", upload.Method);
        yield return ("created", Time(upload.CreatedAt));
        if (upload.UploadedAt is { } uploadedAt)
        {
            yield return ("uploaded", Time(uploadedAt));
        }

        if (upload.ProcessedAt is { } processedAt)
        {
            yield return ("processed", Time(processedAt));
        }

        if (upload.ErrorCode is not null || upload.Error is not null)
        {
            yield return ("error", $"{upload.Error} ({upload.ErrorCode})");
        }

        if (upload.ThumbnailUrl is { } thumbnail)
        {
            yield return ("thumbnail", thumbnail.AbsoluteUri);
        }

        if (upload.DownloadUrl is { } download)
        {
            yield return ("download", download.AbsoluteUri);
        }
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
