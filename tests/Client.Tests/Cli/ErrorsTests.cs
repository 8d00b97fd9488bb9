using BuildPeer.Cli.Output;

namespace BuildPeer.Client.Tests.Cli;

public class ErrorsTests
{
    [Fact]
    public void A_gateway_refusal_is_one_line_with_its_title_detail_and_code()
    {
        var quota = new BuildPeerException("quota_bytes_exceeded", "The project has no room for these files.",
            "This project may hold 1000 bytes;\nthese files would bring it to 4000.", 409);

        var lines = Errors.Lines(quota, "site.jpg").ToList();

        Assert.Equal(["error: site.jpg: The project has no room for these files. This project may hold 1000 bytes; these files would bring it to 4000. (quota_bytes_exceeded)"], lines);
        Assert.Equal(ExitCodes.Refused, Errors.ExitCodeOf(quota));
    }

    [Fact]
    public void A_detail_that_repeats_the_title_is_said_once()
    {
        var missing = new BuildPeerException(ErrorCodes.ProjectNotFound, "No such project.", "No such project.", 404);

        Assert.Equal(["error: No such project. (project_not_found)"], Errors.Lines(missing));
        Assert.Equal("No such project.", missing.Message);
        Assert.Null(missing.Detail);
    }

    [Fact]
    public void Refused_files_are_named_each_with_its_own_code()
    {
        var rejected = new BuildPeerException("files_rejected", "Some files cannot be uploaded; nothing was reserved.", null, 422,
            [new FileRejection("notes.txt", "file_type_not_allowed", "'.txt' files are not accepted; allowed: jpg, pdf.")]);

        Assert.Equal(["error: notes.txt: '.txt' files are not accepted; allowed: jpg, pdf. (file_type_not_allowed)"], Errors.Lines(rejected));
    }

    [Theory]
    [InlineData(ErrorCodes.TransferFailed, null, ExitCodes.TransferFailed)]
    [InlineData(ErrorCodes.GatewayUnavailable, null, ExitCodes.TransferFailed)]
    [InlineData("cluster_unavailable", 503, ExitCodes.TransferFailed)]
    [InlineData(ErrorCodes.FileUnreadable, null, ExitCodes.Usage)]
    [InlineData("upload_not_found", 404, ExitCodes.Refused)]
    [InlineData("invalid_token", 401, ExitCodes.Refused)]
    public void Failures_a_rerun_may_cure_exit_4_refusals_3_and_bad_input_2(string code, int? status, int exitCode)
    {
        Assert.Equal(exitCode, Errors.ExitCodeOf(new BuildPeerException(code, "title", null, status)));
    }

    [Fact]
    public void Interruption_and_usage_have_their_own_codes_and_the_worst_file_decides()
    {
        Assert.Equal(ExitCodes.Interrupted, Errors.ExitCodeOf(new OperationCanceledException()));
        Assert.Equal(ExitCodes.Usage, Errors.ExitCodeOf(new CliUsageException("no_such_file", "x: no such file.")));
        Assert.Equal(ExitCodes.Unexpected, Errors.ExitCodeOf(new InvalidOperationException("boom")));
        Assert.Equal(ExitCodes.Refused, ExitCodes.Worst(ExitCodes.NotCompleted, ExitCodes.Refused));
        Assert.Equal(ExitCodes.Interrupted, ExitCodes.Worst(ExitCodes.Interrupted, ExitCodes.Unexpected));
        Assert.Equal(ExitCodes.NotCompleted, ExitCodes.Worst(ExitCodes.Ok, ExitCodes.NotCompleted));
    }
}
