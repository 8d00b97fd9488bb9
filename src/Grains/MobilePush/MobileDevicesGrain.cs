using BuildPeer.Grains.Abstractions.Devices;
using BuildPeer.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.MobilePush;

/// <summary>
/// One user's push devices in one tenant. Only bookkeeping happens here (no HTTP on a grain turn): the push consumer
/// claims the devices that still lack a push, sends it itself, and reports each send back.
/// </summary>
public sealed class MobileDevicesGrain(
    [PersistentState("devices", StorageNames.Devices)] IPersistentState<MobileDevicesState> state,
    IOptions<MobilePushOptions> options,
    TimeProvider time) : Grain, IMobileDevicesGrain
{
    private readonly PushClaims _claims = new();

    private DeviceBook Book => new(state.State);

    public async Task<bool> RegisterAsync(string token, DevicePlatform platform, string locale)
    {
        var created = Book.Register(new MobileDevice(token, platform, locale, time.GetUtcNow()));
        await state.WriteStateAsync();
        return created;
    }

    public async Task RemoveAsync(string token)
    {
        _claims.ReleaseDevice(token);
        if (Book.Remove(token))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<MobileDevice>> ListAsync() => Task.FromResult(Book.Devices);

    public Task<PushClaim> ClaimUnsentAsync(string pushId)
    {
        var now = time.GetUtcNow();
        var unsent = Book.Unsent(pushId);
        var claimed = unsent.Where(device => _claims.TryClaim(pushId, device.Token, now, options.Value.ClaimLease)).ToList();
        return Task.FromResult(new PushClaim(claimed, unsent.Count - claimed.Count));
    }

    public async Task MarkSentAsync(string pushId, string token)
    {
        var marked = Book.MarkSent(pushId, token, time.GetUtcNow(), options.Value.RememberSentFor);
        _claims.Release(pushId, token);
        if (marked)
        {
            await state.WriteStateAsync();
        }
    }

    public Task ReleaseAsync(string pushId, IReadOnlyList<string> tokens)
    {
        foreach (var token in tokens)
        {
            _claims.Release(pushId, token);
        }

        return Task.CompletedTask;
    }
}
