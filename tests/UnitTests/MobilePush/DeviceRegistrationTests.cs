using BuildPeer.Grains.Abstractions.Devices;

namespace BuildPeer.UnitTests.MobilePush;

public class DeviceRegistrationTests
{
    private const string Fcm = "dGhpcyBpcyBhIHRva2Vu:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx8qXiOa-9HzVFnlx0J-AG3j4XUGPRh2aiO1fDxLDmt3tVVcoU5yxS1b2Ab6C-ey1Z5FX3tEt4ziNb3r6QoZ8fjPCl3c4nPrkKmN_0xJqRwL7u";

    [Theory]
    [InlineData(Fcm, true)]
    [InlineData("short:token", false)]
    [InlineData(Fcm + ".", false)]
    [InlineData(Fcm + "/", false)]
    [InlineData(Fcm + "\n", false)]
    [InlineData(Fcm + " ", false)]
    public void Tokens_are_fcms_alphabet_and_length(string token, bool valid)
    {
        Assert.Equal(valid, DeviceRegistration.IsValidToken(token));
    }

    [Fact]
    public void A_token_longer_than_4096_is_refused()
    {
        Assert.True(DeviceRegistration.IsValidToken(new string('a', DeviceRegistration.MaxTokenLength)));
        Assert.False(DeviceRegistration.IsValidToken(new string('a', DeviceRegistration.MaxTokenLength + 1)));
    }

    [Theory]
    [InlineData("android", DevicePlatform.Android)]
    [InlineData("iOS", DevicePlatform.Ios)]
    [InlineData("WEB", DevicePlatform.Web)]
    public void Platforms_are_read_in_any_case(string value, DevicePlatform expected)
    {
        Assert.True(DeviceRegistration.TryParsePlatform(value, out var platform));
        Assert.Equal(expected, platform);
    }

    [Theory]
    [InlineData("blackberry")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_platforms_and_numbers_are_refused(string? value)
    {
        Assert.False(DeviceRegistration.TryParsePlatform(value, out _));
    }

    [Theory]
    [InlineData("es-mx", "es-MX")]
    [InlineData("EN", "en")]
    [InlineData("zh-hant-tw", "zh-Hant-TW")]
    [InlineData("es-419", "es-419")]
    [InlineData(null, "en")]
    public void Locales_are_normalized(string? value, string expected)
    {
        Assert.True(DeviceRegistration.TryNormalizeLocale(value, out var locale));
        Assert.Equal(expected, locale);
    }

    [Theory]
    [InlineData("es_MX")]
    [InlineData("not a locale")]
    [InlineData("")]
    [InlineData("e")]
    [InlineData("es-MX\n")]
    public void Malformed_locales_are_refused(string value)
    {
        Assert.False(DeviceRegistration.TryNormalizeLocale(value, out _));
    }
}
