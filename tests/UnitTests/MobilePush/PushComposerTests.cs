using BuildPeer.Grains.Abstractions.Devices;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.MobilePush;

namespace BuildPeer.UnitTests.MobilePush;

public class PushComposerTests
{
    private static readonly Guid UploadId = Guid.Parse("0193a5b2-7c1e-7000-8000-000000000001");

    [Theory]
    [InlineData("es-MX", UploadStatus.Completed, "Carga completada", "plan.pdf está listo en Tower 7.")]
    [InlineData("es", UploadStatus.Failed, "Carga fallida", "No se pudo procesar plan.pdf en Tower 7.")]
    [InlineData("es-ES", UploadStatus.Quarantined, "Archivo en cuarentena", "plan.pdf quedó en cuarentena en Tower 7: puede contener malware.")]
    [InlineData("en-GB", UploadStatus.Completed, "Upload complete", "plan.pdf is ready in Tower 7.")]
    [InlineData("en", UploadStatus.Failed, "Upload failed", "plan.pdf could not be processed in Tower 7.")]
    [InlineData("fr-FR", UploadStatus.Quarantined, "File quarantined", "plan.pdf was quarantined in Tower 7: it may contain malware.")]
    [InlineData("est", UploadStatus.Completed, "Upload complete", "plan.pdf is ready in Tower 7.")]
    public void Texts_are_in_the_devices_language_with_english_as_the_default(string locale, UploadStatus status, string title, string body)
    {
        Assert.Equal((title, body), PushComposer.Texts(locale, Content(status)));
    }

    [Fact]
    public void The_message_goes_to_the_device_with_string_data_to_open_the_upload()
    {
        var device = new MobileDevice("token-1", DevicePlatform.Android, "en", DateTimeOffset.UnixEpoch);

        var message = PushComposer.Compose(device, Content(UploadStatus.Completed, "https://cdn.example/t.jpg"))["message"]!;

        Assert.Equal("token-1", message["token"]!.GetValue<string>());
        Assert.Equal("Upload complete", message["notification"]!["title"]!.GetValue<string>());
        var data = message["data"]!.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string>
        {
            ["uploadId"] = "0193a5b2-7c1e-7000-8000-000000000001",
            ["projectId"] = "tower-7",
            ["status"] = "COMPLETED",
            ["thumbnailUrl"] = "https://cdn.example/t.jpg",
        }, data);
    }

    [Fact]
    public void Without_a_thumbnail_the_data_value_is_empty_and_long_names_are_shortened()
    {
        var device = new MobileDevice("token-1", DevicePlatform.Ios, "en", DateTimeOffset.UnixEpoch);
        var content = Content(UploadStatus.Failed) with { FileName = new string('a', 200) + ".pdf" };

        var message = PushComposer.Compose(device, content)["message"]!;

        Assert.Equal(string.Empty, message["data"]!["thumbnailUrl"]!.GetValue<string>());
        var body = message["notification"]!["body"]!.GetValue<string>();
        Assert.StartsWith(new string('a', PushComposer.MaxNameLength - 1) + "… could not", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_push_is_named_by_its_upload_and_terminal_state()
    {
        Assert.Equal("0193a5b27c1e70008000000000000001:COMPLETED", Content(UploadStatus.Completed).PushId);
        Assert.NotEqual(Content(UploadStatus.Completed).PushId, Content(UploadStatus.Failed).PushId);
    }

    private static PushContent Content(UploadStatus status, string? thumbnailUrl = null) =>
        new(UploadId, "tower-7", "Tower 7", "plan.pdf", status, thumbnailUrl);
}
