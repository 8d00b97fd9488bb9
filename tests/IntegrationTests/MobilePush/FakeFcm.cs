using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.MobilePush;

/// <summary>
/// A real HTTP server standing in for Google: the OAuth2 token endpoint (it accepts only JWT assertions signed by the
/// RSA key of the service account it wrote to <see cref="CredentialsFile"/>) and FCM HTTP v1 <c>messages:send</c>
/// (it checks the bearer token it issued, records each message, and answers what a test scripted for a token).
/// </summary>
public sealed class FakeFcm : IAsyncDisposable
{
    public const string ProjectId = "buildpeer-push-tests";
    public const string ClientEmail = "push@buildpeer-push-tests.iam.gserviceaccount.com";

    /// <summary>Google.Apis.Auth names Google's token endpoint as the audience wherever it posts the assertion.</summary>
    private const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";

    private readonly RSA _key = RSA.Create(2048);
    private readonly string _folder = Directory.CreateTempSubdirectory("fake-fcm-").FullName;
    private readonly ConcurrentDictionary<string, bool> _issued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FcmScript>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedPush> _received = new();
    private WebApplication? _app;
    private int _tokenRequests;

    public Uri Endpoint { get; private set; } = null!;

    public string CredentialsFile => Path.Combine(_folder, "service-account.json");

    /// <summary>Access tokens issued so far.</summary>
    public int TokenRequests => _tokenRequests;

    public static async Task<FakeFcm> StartAsync()
    {
        var fake = new FakeFcm();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        ProcessWideMeterFactory.UseIn(builder.Services);
        fake._app = builder.Build();
        fake._app.MapPost("/token", fake.TokenAsync);
        fake._app.MapPost("/v1/projects/{projectId}/messages:send", fake.SendAsync);
        await fake._app.StartAsync();
        fake.Endpoint = new Uri(fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        await File.WriteAllTextAsync(fake.CredentialsFile, fake.ServiceAccountJson());
        return fake;
    }

    /// <summary>The next sends to <paramref name="token"/> get these answers, in order; then 200 again.</summary>
    public void Script(string token, params FcmScript[] answers)
    {
        var queue = _scripts.GetOrAdd(token, _ => new ConcurrentQueue<FcmScript>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    /// <summary>Every access token issued so far stops working (401), as if revoked.</summary>
    public void RevokeAccessTokens()
    {
        foreach (var token in _issued.Keys)
        {
            _issued[token] = false;
        }
    }

    /// <summary>Every message received for <paramref name="token"/>, accepted or not, oldest first.</summary>
    public IReadOnlyList<ReceivedPush> ReceivedFor(string token) => [.. _received.Where(push => push.Token == token)];

    /// <summary>A random token of FCM's shape (about 160 characters of its alphabet).</summary>
    public static string NewDeviceToken() =>
        $"{Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}:APA91b"
        + Convert.ToBase64String(RandomNumberGenerator.GetBytes(100)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string ServiceAccountJson() => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = "test-key-1",
        ["private_key"] = _key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "1234567890",
        ["auth_uri"] = new Uri(Endpoint, "auth").ToString(),
        ["token_uri"] = new Uri(Endpoint, "token").ToString(),
    }.ToJsonString();

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var problem = form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" ? "Not a JWT bearer grant."
            : AssertionProblem(form["assertion"].ToString());
        if (problem is not null)
        {
            return Results.Json(new { error = "invalid_grant", error_description = problem }, statusCode: 400);
        }

        Interlocked.Increment(ref _tokenRequests);
        var accessToken = $"ya29.fake-{Guid.NewGuid():N}";
        _issued[accessToken] = true;
        return Results.Json(new { access_token = accessToken, token_type = "Bearer", expires_in = 3600 });
    }

    /// <summary>RS256 by the service account's key, for it, for this endpoint, for FCM's scope, and not expired.</summary>
    /// <summary>Null when the assertion is good, else what is wrong with it.</summary>
    private string? AssertionProblem(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return "Not a JWT.";
        }

        var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        if (!_key.VerifyData(signed, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "Invalid JWT Signature.";
        }

        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url(parts[1]));
        var root = claims.RootElement;
        var scopes = root.TryGetProperty("scope", out var scope) ? scope.GetString()!.Split(' ') : [];
        return header.RootElement.GetProperty("alg").GetString() != "RS256" ? "Not RS256."
            : root.GetProperty("iss").GetString() != ClientEmail ? "Wrong issuer."
            : root.GetProperty("aud").GetString() is var audience && audience != GoogleTokenAudience && audience != new Uri(Endpoint, "token").ToString()
                ? $"Wrong audience {audience}."
            : !scopes.Contains("https://www.googleapis.com/auth/firebase.messaging") ? "Not for FCM's scope."
            : root.GetProperty("exp").GetInt64() <= DateTimeOffset.UtcNow.ToUnixTimeSeconds() ? "Expired."
            : null;
    }

    private async Task<IResult> SendAsync(string projectId, HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_issued.TryGetValue(authorization["Bearer ".Length..], out var valid) || !valid)
        {
            return Error(HttpStatusCode.Unauthorized, "UNAUTHENTICATED", null, "Request had invalid authentication credentials.");
        }

        if (projectId != ProjectId)
        {
            return Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "Wrong project.");
        }

        var body = await JsonNode.ParseAsync(request.Body);
        var token = body?["message"]?["token"]?.GetValue<string>() ?? string.Empty;
        var answer = _scripts.TryGetValue(token, out var queue) && queue.TryDequeue(out var scripted) ? scripted : FcmScript.Ok;
        _received.Enqueue(new ReceivedPush(token, body!["message"]!.AsObject(), DateTimeOffset.UtcNow, answer));
        if (answer.Delay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Delay);
        }

        return answer.Kind switch
        {
            FcmScriptKind.Unregistered => Error(HttpStatusCode.NotFound, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found."),
            FcmScriptKind.TooManyRequests => new RetryAfterResult(answer.RetryAfterSeconds,
                Error(HttpStatusCode.TooManyRequests, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded.")),
            FcmScriptKind.ServerError => Error(HttpStatusCode.InternalServerError, "INTERNAL", "INTERNAL", "Internal error."),
            _ => Results.Json(new { name = $"projects/{projectId}/messages/{Guid.NewGuid():N}" }),
        };
    }

    private static IResult Error(HttpStatusCode status, string statusName, string? errorCode, string message) => Results.Json(new
    {
        error = new
        {
            code = (int)status,
            message,
            status = statusName,
            details = errorCode is null ? Array.Empty<object>()
                : [new Dictionary<string, string> { ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError", ["errorCode"] = errorCode }],
        },
    }, statusCode: (int)status);

    private static byte[] Base64Url(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _key.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class RetryAfterResult(int seconds, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}

public enum FcmScriptKind
{
    Ok,
    Unregistered,
    TooManyRequests,
    ServerError,
}

/// <summary>One scripted answer of <see cref="FakeFcm"/>, given <paramref name="Delay"/> after the message is recorded.</summary>
public sealed record FcmScript(FcmScriptKind Kind, int RetryAfterSeconds = 0, TimeSpan Delay = default)
{
    public static readonly FcmScript Ok = new(FcmScriptKind.Ok);
    public static readonly FcmScript Unregistered = new(FcmScriptKind.Unregistered);
    public static readonly FcmScript ServerError = new(FcmScriptKind.ServerError);

    public static FcmScript TooManyRequests(int retryAfterSeconds) => new(FcmScriptKind.TooManyRequests, retryAfterSeconds);

    /// <summary>Accepted, but answered only after <paramref name="delay"/>: a sender still mid-send.</summary>
    public static FcmScript SlowOk(TimeSpan delay) => new(FcmScriptKind.Ok, Delay: delay);
}

/// <summary>A message the fake received, with when and what it answered.</summary>
public sealed record ReceivedPush(string Token, JsonObject Message, DateTimeOffset ReceivedAt, FcmScript Answer)
{
    public string Title => Message["notification"]!["title"]!.GetValue<string>();

    public string Body => Message["notification"]!["body"]!.GetValue<string>();

    public string Data(string key) => Message["data"]![key]!.GetValue<string>();

    public bool Accepted => Answer.Kind == FcmScriptKind.Ok;
}
