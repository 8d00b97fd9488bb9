using System.Text;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace BuildPeer.UnitTests.Uploads.Lifecycle;

public sealed class UploadStateKeyTests
{
    private static readonly Guid UploadId = Guid.CreateVersion7();

    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(UploadState).Assembly).AddAssembly(typeof(UploadRegistration).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void A_file_name_the_key_can_carry_as_it_is_is_not_stored_a_second_time()
    {
        var upload = Created("IMG_2041.jpg");

        var payload = Serializer.SerializeToArray(upload);
        var read = Serializer.Deserialize<UploadState>(payload)!;

        Assert.Null(upload.StoredS3Key);
        Assert.Equal($"acme/tower-7/uploads/{UploadId}/IMG_2041.jpg", read.S3Key);
        Assert.DoesNotContain("uploads/", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("site photo 1.jpg", "site_photo_1.jpg")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\fotos\\obra.jpg", "obra.jpg")]
    [InlineData(".hidden..", "hidden")]
    public void A_file_name_the_key_had_to_change_keeps_the_key_it_was_given(string fileName, string keyName)
    {
        var upload = Created(fileName);

        var read = RoundTrip(upload);

        Assert.Equal($"acme/tower-7/uploads/{UploadId}/{keyName}", read.StoredS3Key);
        Assert.Equal(read.StoredS3Key, read.S3Key);
    }

    [Fact]
    public void A_state_written_before_the_id_was_kept_answers_with_its_stored_key()
    {
        var legacy = new UploadState
        {
            Registration = new UploadRegistration("acme", "tower-7", "ana", "plan.pdf", "application/pdf", 2048),
            StoredS3Key = "acme/tower-7/uploads/0193a1b2-0000-7000-8000-000000000001/plan.pdf",
        };

        var read = RoundTrip(legacy);

        Assert.Equal(Guid.Empty, read.UploadId);
        Assert.Equal(legacy.StoredS3Key, read.S3Key);
    }

    [Fact]
    public void A_copy_names_the_same_object()
    {
        var upload = Created("site.jpg");

        Assert.Equal(upload.S3Key, upload.Copy().S3Key);
    }

    private static UploadState RoundTrip(UploadState upload) => Serializer.Deserialize<UploadState>(Serializer.SerializeToArray(upload))!;

    private static UploadState Created(string fileName)
    {
        var upload = new UploadState { Registration = new UploadRegistration("acme", "tower-7", "ana", fileName, "image/jpeg", 2048) };
        upload.AssignKey(UploadId);
        return upload;
    }
}
