using BuildPeer.Grains.Uploads.Lifecycle;
using System.Text.Json;
using BuildPeer.Grains.Uploads;
using BuildPeer.Grains.Uploads.Processing;

namespace BuildPeer.UnitTests.Uploads.Processing;

public class UploadMetadataDocumentTests
{
    [Fact]
    public void An_upload_not_yet_processed_has_an_empty_document()
    {
        Assert.Equal("{}", UploadMetadataDocument.Build(new UploadState()));
    }

    [Fact]
    public void A_processed_photo_documents_its_facts_and_outputs_in_camel_case_without_empty_values()
    {
        var upload = new UploadState
        {
            Attempt = 2,
            Result = new ProcessingResult
            {
                Sha256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                DetectedFormat = "jpeg",
                Image = new StoredImageMetadata { Width = 4032, Height = 3024, Latitude = 40.446972, Longitude = -3.724753 },
                Thumbnail200Key = "a/p/thumbnails/200x200/x.jpg",
                Thumbnail800Key = "a/p/thumbnails/800x800/x.jpg",
                Duration = TimeSpan.FromMilliseconds(123.4),
            },
        };

        using var document = JsonDocument.Parse(UploadMetadataDocument.Build(upload));
        var root = document.RootElement;

        Assert.Equal("jpeg", root.GetProperty("format").GetString());
        Assert.Equal(-3.724753, root.GetProperty("image").GetProperty("longitude").GetDouble());
        Assert.False(root.GetProperty("image").TryGetProperty("altitude", out _));
        Assert.Equal("a/p/thumbnails/800x800/x.jpg", root.GetProperty("outputs").GetProperty("thumbnail800").GetString());
        Assert.False(root.GetProperty("outputs").TryGetProperty("preview", out _));
        Assert.False(root.TryGetProperty("duplicateOf", out _));
        Assert.Equal(2, root.GetProperty("attempts").GetInt32());
        Assert.Equal(123, root.GetProperty("processingMs").GetDouble());
    }
}
