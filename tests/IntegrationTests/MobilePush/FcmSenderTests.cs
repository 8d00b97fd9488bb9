using System.Text.Json.Nodes;
using BuildPeer.Grains.MobilePush;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildPeer.IntegrationTests.MobilePush;

/// <summary>
/// <see cref="FcmSender"/> against the fake FCM and token server, on a fake clock: waits are what FCM asked for and
/// nothing else, and a refused access token is replaced once.
/// </summary>
public sealed class FcmSenderTests : IAsyncLifetime
{
    private readonly TimerCountingTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));
    private FakeFcm _fcm = null!;
    private ServiceProvider _services = null!;
    private FcmAccessTokens _tokens = null!;
    private FcmSender _sender = null!;

    public async Task InitializeAsync()
    {
        _fcm = await FakeFcm.StartAsync();
        var options = Options.Create(new MobilePushOptions
        {
            Enabled = true,
            ProjectId = FakeFcm.ProjectId,
            CredentialsFile = _fcm.CredentialsFile,
            Endpoint = _fcm.Endpoint,
            MaxAttempts = 3,
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(30),
        });
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        _tokens = new FcmAccessTokens(options);
        _sender = new FcmSender(_services.GetRequiredService<IHttpClientFactory>(), _tokens, options, _time);
    }

    [Fact]
    public async Task A_throttled_send_waits_exactly_Retry_After_on_the_clock()
    {
        var token = FakeFcm.NewDeviceToken();
        _fcm.Script(token, FcmScript.TooManyRequests(20));

        var sending = _sender.SendAsync(Message(token), CancellationToken.None);
        await Eventually.MatchesAsync(() => Task.FromResult(_fcm.ReceivedFor(token)), received => received.Count == 1, TimeSpan.FromSeconds(10), "the first send");
        await Eventually.MatchesAsync(() => Task.FromResult(_time.TimersCreated), timers => timers == 1, TimeSpan.FromSeconds(10), "the wait for Retry-After");
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.Single(_fcm.ReceivedFor(token));
        Assert.False(sending.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        var answer = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(FcmOutcome.Sent, answer.Outcome);
        Assert.Equal(2, _fcm.ReceivedFor(token).Count);
    }

    [Fact]
    public async Task A_wait_longer_than_allowed_is_left_to_the_queue_and_attempts_are_bounded()
    {
        string patient = FakeFcm.NewDeviceToken(), failing = FakeFcm.NewDeviceToken();
        _fcm.Script(patient, FcmScript.TooManyRequests(3600));
        _fcm.Script(failing, FcmScript.ServerError, FcmScript.ServerError, FcmScript.ServerError, FcmScript.ServerError);

        var tooLong = await _sender.SendAsync(Message(patient), CancellationToken.None);
        var failingSend = _sender.SendAsync(Message(failing), CancellationToken.None);
        // The sender sets its back-off timer only once it has read the answer, which may be after the fake server
        // counted the attempt: the clock moves a second on every look until the next attempt arrives.
        for (var attempt = 2; attempt <= 3; attempt++)
        {
            await Eventually.MatchesAsync(() =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return Task.FromResult(_fcm.ReceivedFor(failing));
            }, received => received.Count == attempt, TimeSpan.FromSeconds(10), $"attempt {attempt}");
        }

        var gaveUp = await failingSend.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((FcmOutcome.Retry, TimeSpan.FromHours(1)), (tooLong.Outcome, tooLong.RetryAfter));
        Assert.Single(_fcm.ReceivedFor(patient));
        Assert.Equal(FcmOutcome.Retry, gaveUp.Outcome);
        Assert.Equal(3, _fcm.ReceivedFor(failing).Count);
    }

    [Fact]
    public async Task A_revoked_access_token_is_replaced_once()
    {
        var token = FakeFcm.NewDeviceToken();
        Assert.Equal(FcmOutcome.Sent, (await _sender.SendAsync(Message(token), CancellationToken.None)).Outcome);
        var issued = _fcm.TokenRequests;
        _fcm.RevokeAccessTokens();

        var answer = await _sender.SendAsync(Message(token), CancellationToken.None);

        Assert.Equal(FcmOutcome.Sent, answer.Outcome);
        Assert.Equal(issued + 1, _fcm.TokenRequests);
    }

    private static JsonObject Message(string token) => new()
    {
        ["message"] = new JsonObject { ["token"] = token, ["data"] = new JsonObject { ["uploadId"] = Guid.NewGuid().ToString() } },
    };

    public async Task DisposeAsync()
    {
        _tokens.Dispose();
        await _services.DisposeAsync();
        await _fcm.DisposeAsync();
    }
}
