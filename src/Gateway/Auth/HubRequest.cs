namespace BuildPeer.Gateway.Auth;

/// <summary>
/// What a request to the SignalR hub may carry in its query string that other requests carry in headers: a browser
/// cannot set headers on a WebSocket (nor on an EventSource-style long poll), so for the hub path only the token
/// comes from <c>access_token</c> and the tenant from <c>tenant</c>. Nowhere else, so a token pasted into a link to
/// the API never authenticates it.
/// </summary>
public static class HubRequest
{
    /// <summary>Where the uploads hub is mapped; its negotiate and transport requests lie under it.</summary>
    public const string Path = "/hubs/uploads";

    public const string TokenParameter = "access_token";

    public const string TenantParameter = "tenant";

    public static bool IsHub(HttpRequest request) => request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>The bearer token of a hub request sent in the query string, or null (then the header counts).</summary>
    public static string? TokenOf(HttpRequest request) =>
        IsHub(request) && request.Query[TokenParameter].ToString() is { Length: > 0 } token ? token : null;

    /// <summary>The tenant the caller acts in: the <c>X-Tenant-ID</c> header, or for the hub its <c>tenant</c> parameter.</summary>
    public static string TenantOf(HttpRequest request)
    {
        var header = request.Headers[TenantMembershipRequirement.HeaderName].ToString();
        return header.Length == 0 && IsHub(request) ? request.Query[TenantParameter].ToString() : header;
    }
}
