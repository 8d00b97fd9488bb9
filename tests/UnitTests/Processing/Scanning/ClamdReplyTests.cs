using BuildPeer.Processing;
using BuildPeer.Processing.Scanning;
using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.UnitTests.Processing.Scanning;

public class ClamdReplyTests
{
    private const string Endpoint = "127.0.0.1:3310";

    [Theory]
    [InlineData("stream: OK")]
    [InlineData("stream: OK\n")]
    public void Only_stream_OK_is_clean(string reply)
    {
        Assert.Equal(ScanVerdict.Clean, ClamdReply.Interpret(reply, Endpoint));
    }

    [Theory]
    [InlineData("stream: Eicar-Test-Signature FOUND", "Eicar-Test-Signature")]
    [InlineData("stream: Eicar-Test-Signature-Local.UNOFFICIAL FOUND", "Eicar-Test-Signature-Local.UNOFFICIAL")]
    [InlineData("stream: Win.Trojan.Agent-123 FOUND", "Win.Trojan.Agent-123")]
    [InlineData("stream: Heuristics.Encrypted.PDF FOUND", "Heuristics.Encrypted.PDF")]
    public void A_FOUND_reply_is_infected_with_the_signature_name(string reply, string signature)
    {
        Assert.Equal(ScanVerdict.Found(signature), ClamdReply.Interpret(reply, Endpoint));
    }

    [Fact]
    public void The_INSTREAM_size_limit_error_fails_the_file_as_too_large_to_scan()
    {
        var failure = Assert.Throws<ProcessingFailedException>(
            () => ClamdReply.Interpret("INSTREAM size limit exceeded. ERROR", Endpoint));

        Assert.Equal(ErrorCodes.ScanLimitExceeded, failure.Code);
    }

    [Theory]
    [InlineData("stream: Heuristics.Limits.Exceeded.MaxFileSize FOUND")]
    [InlineData("stream: Heuristics.Limits.Exceeded.MaxScanSize FOUND")]
    [InlineData("stream: Heuristics.Limits.Exceeded.MaxRecursion FOUND")]
    public void An_exceeded_scan_limit_alert_fails_the_file_and_is_neither_clean_nor_infected(string reply)
    {
        var failure = Assert.Throws<ProcessingFailedException>(() => ClamdReply.Interpret(reply, Endpoint));

        Assert.Equal(ErrorCodes.ScanLimitExceeded, failure.Code);
        Assert.Contains("Heuristics.Limits.Exceeded", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stream: Can't allocate memory ERROR")]
    [InlineData("COMMAND READ TIMED OUT ERROR")]
    [InlineData("Error processing command. ERROR")]
    public void Other_errors_are_transient(string reply)
    {
        var failure = Assert.Throws<TransientProcessingException>(() => ClamdReply.Interpret(reply, Endpoint));

        Assert.Contains(Endpoint, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("PONG")]
    [InlineData("UNKNOWN COMMAND")]
    [InlineData("stream: OKAY")]
    [InlineData("stream:  FOUND")]
    [InlineData("stream: ok")]
    [InlineData("1: stream: OK")]
    public void Anything_else_is_transient_and_never_clean(string reply)
    {
        Assert.Throws<TransientProcessingException>(() => ClamdReply.Interpret(reply, Endpoint));
    }
}
