using System.Net;
using BuildPeer.Client.Uploads;

namespace BuildPeer.Client.Tests.Uploads;

public class StorageSenderTests
{
    private const string Expired = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>900</X-Amz-Expires></Error>
        """;

    [Fact]
    public void An_expired_URL_is_told_apart_from_other_refusals_so_it_is_signed_again_not_counted()
    {
        var outcome = StorageSender.Classify(HttpStatusCode.Forbidden, Expired);

        Assert.Equal(StorageOutcomeKind.UrlExpired, outcome.Kind);
        Assert.Equal("403 AccessDenied: Request has expired", outcome.Description);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "<Error><Code>SignatureDoesNotMatch</Code><Message>nope</Message></Error>", "Forbidden")]
    [InlineData(HttpStatusCode.NotFound, "<Error><Code>NoSuchUpload</Code><Message>gone</Message></Error>", "UploadGone")]
    [InlineData(HttpStatusCode.InternalServerError, "<Error><Code>InternalError</Code></Error>", "Transient")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "<Error><Code>SlowDown</Code></Error>", "Transient")]
    [InlineData(HttpStatusCode.BadRequest, "<Error><Code>EntityTooLarge</Code></Error>", "Refused")]
    [InlineData(HttpStatusCode.BadGateway, "<html>proxy error</html>", "Transient")]
    public void Every_other_answer_is_a_failure_to_retry_or_a_refusal_to_report(HttpStatusCode status, string body, string kind)
    {
        Assert.Equal(Enum.Parse<StorageOutcomeKind>(kind), StorageSender.Classify(status, body).Kind);
    }
}
