using System.Net;
using System.Net.Http.Headers;
using BuildPeer.Grains.MobilePush;

namespace BuildPeer.UnitTests.MobilePush;

public class FcmAnswerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_2xx_is_sent()
    {
        var answer = FcmAnswer.Classify(HttpStatusCode.OK, """{"name":"projects/p/messages/1"}""", null, Now);

        Assert.Equal(FcmOutcome.Sent, answer.Outcome);
    }

    [Fact]
    public void Unregistered_is_a_dead_token()
    {
        var answer = FcmAnswer.Classify(HttpStatusCode.NotFound, Error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found."), null, Now);

        Assert.Equal((FcmOutcome.DeadToken, "UNREGISTERED"), (answer.Outcome, answer.ErrorCode));
    }

    [Fact]
    public void Invalid_argument_about_the_token_is_a_dead_token_about_anything_else_a_rejection()
    {
        var aboutToken = FcmAnswer.Classify(HttpStatusCode.BadRequest,
            Error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token"), null, Now);
        var byField = FcmAnswer.Classify(HttpStatusCode.BadRequest, """
            {"error":{"code":400,"message":"Invalid value","status":"INVALID_ARGUMENT","details":[
              {"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"message.token","description":"Invalid registration token"}]}]}}
            """, null, Now);
        var aboutTheMessage = FcmAnswer.Classify(HttpStatusCode.BadRequest,
            Error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid JSON payload received. Unknown name \"colour\""), null, Now);

        Assert.Equal(FcmOutcome.DeadToken, aboutToken.Outcome);
        Assert.Equal(FcmOutcome.DeadToken, byField.Outcome);
        Assert.Equal(FcmOutcome.Rejected, aboutTheMessage.Outcome);
    }

    [Fact]
    public void Throttling_is_retried_after_the_Retry_After_seconds_or_date()
    {
        var seconds = FcmAnswer.Classify(HttpStatusCode.TooManyRequests, Error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota"),
            new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), Now);
        var date = FcmAnswer.Classify(HttpStatusCode.ServiceUnavailable, null, new RetryConditionHeaderValue(Now.AddSeconds(30)), Now);
        var past = FcmAnswer.Classify(HttpStatusCode.ServiceUnavailable, null, new RetryConditionHeaderValue(Now.AddSeconds(-30)), Now);

        Assert.Equal((FcmOutcome.Retry, TimeSpan.FromSeconds(7)), (seconds.Outcome, seconds.RetryAfter));
        Assert.Equal((FcmOutcome.Retry, TimeSpan.FromSeconds(30)), (date.Outcome, date.RetryAfter));
        Assert.Equal(TimeSpan.Zero, past.RetryAfter);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public void Server_failures_are_retried_with_the_senders_own_backoff_when_no_Retry_After(HttpStatusCode status)
    {
        var answer = FcmAnswer.Classify(status, "<html>oops</html>", null, Now);

        Assert.Equal((FcmOutcome.Retry, (TimeSpan?)null), (answer.Outcome, answer.RetryAfter));
    }

    [Fact]
    public void A_refused_access_token_is_unauthorized_and_a_foreign_project_a_rejection()
    {
        Assert.Equal(FcmOutcome.Unauthorized, FcmAnswer.Classify(HttpStatusCode.Unauthorized,
            Error(401, "UNAUTHENTICATED", null, "Request had invalid authentication credentials."), null, Now).Outcome);
        Assert.Equal(FcmOutcome.Rejected, FcmAnswer.Classify(HttpStatusCode.Forbidden,
            Error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch"), null, Now).Outcome);
    }

    private static string Error(int code, string status, string? errorCode, string message) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            error = new
            {
                code,
                message,
                status,
                details = errorCode is null ? Array.Empty<object>()
                    : [new Dictionary<string, string> { ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError", ["errorCode"] = errorCode }],
            },
        });
}
