using BuildPeer.Gateway.ApiReference;
using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Devices;
using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Devices;

/// <summary>
/// The caller's own devices for mobile push, per tenant: a device registered while acting in one tenant hears only
/// about that tenant's uploads. Tokens are FCM registration tokens; they are checked before they reach a grain.
/// </summary>
public static class DevicesApi
{
    public static RouteGroupBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/me/devices")
            .RequireAuthorization(AuthenticationSetup.TenantMemberPolicy)
            .WithTags("Devices");

        api.MapGet("", ListAsync).WithName("ListDevices")
            .WithSummary("The caller's devices registered for push in the tenant, most recently registered first.");
        api.MapPut("{token}", RegisterAsync).WithName("RegisterDevice")
            .WithSummary("Register a device's FCM token for push about the caller's uploads (201), or refresh it (204).")
            .ProducesProblemCodes(StatusCodes.Status400BadRequest,
                ErrorCodes.DeviceTokenInvalid, ErrorCodes.DevicePlatformInvalid, ErrorCodes.DeviceLocaleInvalid);
        api.MapDelete("{token}", RemoveAsync).WithName("RemoveDevice")
            .WithSummary("Stop pushing to a device; removing one that is not registered is not an error.")
            .ProducesProblemCodes(StatusCodes.Status400BadRequest, ErrorCodes.DeviceTokenInvalid);
        return api;
    }

    public static async Task<Ok<DeviceListResponse>> ListAsync(Caller caller, IClusterClient cluster)
    {
        var devices = await Devices(cluster, caller).ListAsync();
        return TypedResults.Ok(new DeviceListResponse([.. devices.Select(DeviceResponse.From)]));
    }

    public static async Task<Results<Created<DeviceResponse>, NoContent, ProblemHttpResult>> RegisterAsync(
        string token, DeviceRequest request, Caller caller, IClusterClient cluster)
    {
        if (!DeviceRegistration.IsValidToken(token))
        {
            return InvalidToken();
        }

        if (!DeviceRegistration.TryParsePlatform(request.Platform, out var platform))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.DevicePlatformInvalid,
                "The platform must be android, ios or web.");
        }

        if (!DeviceRegistration.TryNormalizeLocale(request.Locale, out var locale))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.DeviceLocaleInvalid,
                "The locale must be a language tag such as \"es-MX\" or \"en\".");
        }

        var devices = Devices(cluster, caller);
        if (!await devices.RegisterAsync(token, platform, locale))
        {
            return TypedResults.NoContent();
        }

        var registered = (await devices.ListAsync()).First(device => device.Token == token);
        return TypedResults.Created($"/api/me/devices/{token}", DeviceResponse.From(registered));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string token, Caller caller, IClusterClient cluster)
    {
        if (!DeviceRegistration.IsValidToken(token))
        {
            return InvalidToken();
        }

        await Devices(cluster, caller).RemoveAsync(token);
        return TypedResults.NoContent();
    }

    private static IMobileDevicesGrain Devices(IClusterClient cluster, Caller caller) =>
        cluster.GetGrain<IMobileDevicesGrain>(DevicesKey.Of(caller.TenantId, caller.UserId));

    private static ProblemHttpResult InvalidToken() =>
        ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.DeviceTokenInvalid,
            $"The token must be an FCM registration token: {DeviceRegistration.MinTokenLength}-{DeviceRegistration.MaxTokenLength} letters, digits, '_', ':' or '-'.");
}
