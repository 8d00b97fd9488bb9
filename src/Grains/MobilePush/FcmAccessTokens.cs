using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.MobilePush;

/// <summary>
/// OAuth2 access tokens for FCM from the service account's JSON key: Google.Apis.Auth signs the JWT assertion,
/// exchanges it at the key's token_uri and caches the token until shortly before it expires. The key is read on first
/// use, and again after a failure (a Secret mounted late, or rotated).
/// </summary>
public sealed class FcmAccessTokens(IOptions<MobilePushOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private GoogleCredential? _credential;

    /// <summary>A valid access token, from the cache when it has one.</summary>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        var credential = await CredentialAsync(cancellationToken);
        try
        {
            return await ((ITokenAccess)credential).GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _credential = null;
            throw;
        }
    }

    /// <summary>A new access token, whatever the cache holds: FCM refused the cached one.</summary>
    public async Task<string> RefreshAsync(CancellationToken cancellationToken)
    {
        var credential = await CredentialAsync(cancellationToken);
        if (credential.UnderlyingCredential is ServiceCredential service)
        {
            await service.RequestAccessTokenAsync(cancellationToken);
        }

        return await GetAsync(cancellationToken);
    }

    private async Task<GoogleCredential> CredentialAsync(CancellationToken cancellationToken)
    {
        if (_credential is { } loaded)
        {
            return loaded;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_credential is null)
            {
                var path = options.Value.CredentialsFile
                    ?? throw new InvalidOperationException("MobilePush:CredentialsFile is not set.");
                // Typed: a key of any other kind (a user's, an external account's) is refused, not followed.
                var serviceAccount = await CredentialFactory.FromFileAsync<ServiceAccountCredential>(path, cancellationToken);
                _credential = serviceAccount.ToGoogleCredential().CreateScoped(MobilePushOptions.Scope);
            }

            return _credential;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();
}
