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

    [Fact]
    public async Task A_write_once_PUT_answered_412_found_its_object_already_stored()
    {
        using var storage = new HttpClient(new Answering(HttpStatusCode.PreconditionFailed));
        var sender = new StorageSender(storage, TimeSpan.FromSeconds(5));

        var outcome = await sender.PutAsync(new Uri("http://storage.test/b/k"), new ByteArrayContent([1]), writeOnce: true, CancellationToken.None);

        Assert.Equal(StorageOutcomeKind.AlreadyStored, outcome.Kind);
    }

    [Fact]
    public async Task A_write_once_PUT_sends_If_None_Match_star()
    {
        var handler = new Answering(HttpStatusCode.OK);
        using var storage = new HttpClient(handler);
        var sender = new StorageSender(storage, TimeSpan.FromSeconds(5));

        await sender.PutAsync(new Uri("http://storage.test/b/k"), new ByteArrayContent([1]), writeOnce: true, CancellationToken.None);

        Assert.Equal(["*"], handler.IfNoneMatch);
    }

    private sealed class Answering(HttpStatusCode status) : HttpMessageHandler
    {
        public IReadOnlyList<string> IfNoneMatch { get; private set; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            IfNoneMatch = request.Headers.TryGetValues(StorageSender.IfNoneMatch, out var values) ? [.. values] : [];
            var response = new HttpResponseMessage(status) { Content = new StringContent(string.Empty) };
            response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"abc\"");
            return Task.FromResult(response);
        }
    }
}
