using BuildPeer.Grains.Abstractions.Devices;
using BuildPeer.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.MobilePush;

/// <summary>
/// One user's push devices in one tenant. Only bookkeeping happens here (no HTTP on a grain turn): the push consumer
/// asks which devices still lack a push, sends it itself, and reports each send back.
/// </summary>
public sealed class MobileDevicesGrain(
    [PersistentState("devices", StorageNames.Devices)] IPersistentState<MobileDevicesState> state,
    IOptions<MobilePushOptions> options,
    TimeProvider time) : Grain, IMobileDevicesGrain
{
    private DeviceBook Book => new(state.State);

    public async Task<bool> RegisterAsync(string token, DevicePlatform platform, string locale)
    {
        var created = Book.Register(new MobileDevice(token, platform, locale, time.GetUtcNow()));
        await state.WriteStateAsync();
        return created;
    }

    public async Task RemoveAsync(string token)
    {
        if (Book.Remove(token))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<MobileDevice>> ListAsync() => Task.FromResult(Book.Devices);

    public Task<IReadOnlyList<MobileDevice>> UnsentAsync(string pushId) => Task.FromResult(Book.Unsent(pushId));

    public async Task MarkSentAsync(string pushId, string token)
    {
        if (Book.MarkSent(pushId, token, time.GetUtcNow(), options.Value.RememberSentFor))
        {
            await state.WriteStateAsync();
        }
    }
}
