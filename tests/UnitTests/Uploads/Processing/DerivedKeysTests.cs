using BuildPeer.Grains.Uploads.Naming;
using BuildPeer.Grains.Uploads.Processing.Storage;

namespace BuildPeer.UnitTests.Uploads.Processing;

public class DerivedKeysTests
{
    private static readonly Guid Upload = Guid.Parse("0192f0c1-7a3b-7c4d-8e5f-000000000001");

    [Fact]
    public void Outputs_live_at_keys_made_from_the_upload_alone()
    {
        Assert.Equal($"acme/tower-7/thumbnails/200x200/{Upload}.jpg", DerivedKeys.Thumbnail("acme", "tower-7", Upload, 200));
        Assert.Equal($"acme/tower-7/thumbnails/800x800/{Upload}.jpg", DerivedKeys.Thumbnail("acme", "tower-7", Upload, 800));
        Assert.Equal($"acme/tower-7/previews/{Upload}.jpg", DerivedKeys.Preview("acme", "tower-7", Upload));
        Assert.Equal($"acme/tower-7/text/{Upload}.txt", DerivedKeys.Text("acme", "tower-7", Upload));
    }

    [Fact]
    public void No_output_or_quarantined_object_can_be_taken_for_an_upload_by_the_event_consumer()
    {
        var uploadKey = UploadKey.Build("acme", "tower-7", Upload, "photo.jpg");
        string[] derived =
        [
            DerivedKeys.Thumbnail("acme", "tower-7", Upload, 200),
            DerivedKeys.Preview("acme", "tower-7", Upload),
            DerivedKeys.Text("acme", "tower-7", Upload),
            DerivedKeys.Quarantine(uploadKey),
        ];

        Assert.True(UploadKey.TryParseUploadId(uploadKey, out _));
        Assert.All(derived, key => Assert.False(UploadKey.TryParseUploadId(key, out _), key));
    }
}
