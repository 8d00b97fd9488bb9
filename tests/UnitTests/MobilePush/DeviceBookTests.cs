using BuildPeer.Grains.Abstractions.Devices;
using BuildPeer.Grains.MobilePush;

namespace BuildPeer.UnitTests.MobilePush;

public class DeviceBookTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Remember = TimeSpan.FromDays(2);

    private readonly DeviceBook _book = new(new MobileDevicesState());

    [Fact]
    public void Registering_again_refreshes_the_device_and_is_not_new()
    {
        Assert.True(_book.Register(Device("a", Start)));
        Assert.False(_book.Register(Device("a", Start.AddMinutes(1), "es-MX")));

        var device = Assert.Single(_book.Devices);
        Assert.Equal(("es-MX", Start.AddMinutes(1)), (device.Locale, device.RegisteredAt));
    }

    [Fact]
    public void Past_the_cap_the_least_recently_registered_device_goes()
    {
        for (var i = 0; i < DeviceRegistration.MaxDevicesPerUser; i++)
        {
            _book.Register(Device($"d{i}", Start.AddMinutes(i)));
        }

        // Refreshing the oldest makes d1 the least recently registered.
        _book.Register(Device("d0", Start.AddHours(1)));
        _book.Register(Device("new", Start.AddHours(2)));

        Assert.Equal(DeviceRegistration.MaxDevicesPerUser, _book.Devices.Count);
        Assert.DoesNotContain(_book.Devices, device => device.Token == "d1");
        Assert.Equal("new", _book.Devices[0].Token);
    }

    [Fact]
    public void A_push_goes_to_each_device_once_while_it_is_remembered()
    {
        _book.Register(Device("a", Start));
        _book.Register(Device("b", Start));

        Assert.True(_book.MarkSent("u1:COMPLETED", "a", Start, Remember));
        Assert.False(_book.MarkSent("u1:COMPLETED", "a", Start, Remember));

        Assert.Equal(["b"], _book.Unsent("u1:COMPLETED").Select(device => device.Token));
        Assert.Equal(2, _book.Unsent("u1:FAILED").Count);
        _book.MarkSent("u2:COMPLETED", "b", Start + Remember + TimeSpan.FromMinutes(1), Remember);
        Assert.Equal(["a", "b"], _book.Unsent("u1:COMPLETED").Select(device => device.Token).Order());
    }

    [Fact]
    public void Removing_forgets_the_device_and_what_it_was_sent_and_a_removed_device_is_not_marked()
    {
        _book.Register(Device("a", Start));
        _book.MarkSent("u1:COMPLETED", "a", Start, Remember);

        Assert.True(_book.Remove("a"));
        Assert.False(_book.Remove("a"));
        Assert.False(_book.MarkSent("u1:COMPLETED", "a", Start, Remember));
        _book.Register(Device("a", Start.AddMinutes(1)));
        Assert.Single(_book.Unsent("u1:COMPLETED"));
    }

    private static MobileDevice Device(string token, DateTimeOffset at, string locale = "en") => new(token, DevicePlatform.Android, locale, at);
}
