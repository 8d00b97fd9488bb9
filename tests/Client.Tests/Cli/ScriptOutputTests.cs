using System.Collections;
using System.Text.Json;
using BuildPeer.Cli.Commands;
using BuildPeer.Cli.Output;

namespace BuildPeer.Client.Tests.Cli;

/// <summary>What scripts read: <c>--json</c> documents and error lines, and no colours under NO_COLOR.</summary>
public sealed class ScriptOutputTests
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    [Fact]
    public async Task With_json_a_usage_error_is_a_JSON_line_on_stderr_with_its_code_and_stdout_stays_empty()
    {
        var exitCode = await RunAsync("list", "--json", "--limit", "ten");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Empty(_out.ToString());
        var lines = _error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var error = JsonDocument.Parse(line).RootElement.GetProperty("error");
            Assert.Equal(ErrorCodes.InvalidArguments, error.GetProperty("code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            Assert.Equal(JsonValueKind.Null, error.GetProperty("subject").ValueKind);
        }
    }

    [Fact]
    public async Task With_json_a_missing_setting_is_a_JSON_error_line_with_the_same_code_as_in_text()
    {
        var exitCode = await RunAsync("list", "--project", "tower-7", "--json");

        Assert.Equal(ExitCodes.Usage, exitCode);
        var error = JsonDocument.Parse(_error.ToString()).RootElement.GetProperty("error");
        Assert.Equal(ErrorCodes.ConfigMissing, error.GetProperty("code").GetString());
        Assert.StartsWith("No gateway URL", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_json_errors_stay_one_plain_line_each()
    {
        var exitCode = await RunAsync("list", "--project", "tower-7");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith("error: No gateway URL", _error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("(config_missing)", _error.ToString().TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_file_names_itself_in_the_JSON_error()
    {
        var rejected = new BuildPeerException("files_rejected", "Some files cannot be uploaded; nothing was reserved.", null, 422,
            [new FileRejection("notes.txt", "file_type_not_allowed", "'.txt' files are not accepted.")]);

        var exitCode = Errors.Report(_error, rejected, format: OutputFormat.Json);

        Assert.Equal(ExitCodes.Refused, exitCode);
        var error = JsonDocument.Parse(_error.ToString()).RootElement.GetProperty("error");
        Assert.Equal("notes.txt", error.GetProperty("subject").GetString());
        Assert.Equal("file_type_not_allowed", error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Progress_bars_have_colours_unless_NO_COLOR_is_set(bool noColor)
    {
        var console = UploadDisplay.CreateConsole(_error, noColor, Spectre.Console.InteractionSupport.Yes, Spectre.Console.AnsiSupport.Yes);
        var display = new BarsUploadDisplay(console);
        var file = new DisplayedFile("/site/north.jpg", 100);

        await display.ShowAsync([file], board =>
        {
            board.Track(file).Report(new UploadProgress(file.Path, null, UploadPhase.Uploading, 50, 100));
            board.Finish(file, "COMPLETED", succeeded: true);
            return Task.FromResult(0);
        });

        // SGR colour sequences: ESC [ ... 3x/9x/38;... m. Cursor movement and plain resets may remain.
        var coloured = System.Text.RegularExpressions.Regex.IsMatch(_error.ToString(), @"\x1b\[[0-9;]*(3[0-8]|9[0-7])[0-9;]*m");
        Assert.Contains("north.jpg", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(!noColor, coloured);
    }

    [Fact]
    public void NO_COLOR_counts_when_set_and_not_empty()
    {
        Assert.True(Context(("NO_COLOR", "1")).NoColor);
        Assert.False(Context(("NO_COLOR", "")).NoColor);
        Assert.False(Context().NoColor);
    }

    private Task<int> RunAsync(params string[] args) => BuildPeerCommandLine.RunAsync(args, Context());

    private CliContext Context(params (string Name, string Value)[] variables)
    {
        var environment = new Hashtable { ["HOME"] = Path.GetTempPath(), ["XDG_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")) };
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return new CliContext(_out, _error, environment, Environment.CurrentDirectory, ErrorRedirected: true);
    }
}
