using System.Text.Json;
using Amazon.S3;
using BuildPeer.Grains.Uploads.Processing.Storage;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing.Documents;
using BuildPeer.UnitTests.Processing.Images;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static BuildPeer.IntegrationTests.Uploads.Processing.ProcessedUploads;

namespace BuildPeer.IntegrationTests.Uploads.Processing;

/// <summary>
/// Each accepted type from PUT to its terminal state through the real stack: S3 event, SQS, grain, clamd, the
/// processors, S3 outputs, the uploads row.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public class ProcessingEndToEndTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts)
{
    private IAmazonS3 S3 => Hosts.SiloServices.GetRequiredService<IAmazonS3>();

    [Fact]
    public async Task A_JPEG_with_GPS_completes_with_clean_thumbnails_and_its_metadata()
    {
        var sample = ProcessingFixtures.Sample("photos/nikon-coolpix-gps.jpg");
        var content = sample ?? GeneratedImages.JpegWithExif(1600, 1200);

        var upload = await UploadAndAwaitAsync(Alice, Project, "site.jpg", "image/jpeg", content);

        AssertStatus(upload, "COMPLETED");
        var image = Metadata(upload).GetProperty("image");
        if (sample is not null)
        {
            Assert.Equal(640, image.GetProperty("width").GetInt32());
            Assert.Equal(43.467448, image.GetProperty("latitude").GetDouble(), 5);
            Assert.Equal(11.885127, image.GetProperty("longitude").GetDouble(), 5);
            Assert.Equal("2008-10-22T16:28:39", image.GetProperty("capturedAt").GetString());
            Assert.Equal("NIKON", image.GetProperty("cameraMake").GetString());
        }
        else
        {
            Assert.Equal(1600, image.GetProperty("width").GetInt32());
            Assert.Equal(-33.86, image.GetProperty("latitude").GetDouble(), 2);
            Assert.Equal(-70.5, image.GetProperty("longitude").GetDouble(), 2);
            Assert.Equal(-12.5, image.GetProperty("altitude").GetDouble(), 1);
            Assert.Equal("2024-03-01T08:15:00-05:00", image.GetProperty("capturedAt").GetString());
        }

        var uploadId = upload.GetProperty("uploadId").GetGuid();
        var small = await ReadObjectAsync(S3, DerivedKeys.Thumbnail("acme", Project, uploadId, 200));
        var large = await ReadObjectAsync(S3, DerivedKeys.Thumbnail("acme", Project, uploadId, 800));
        Assert.NotNull(small);
        Assert.NotNull(large);
        Assert.Equal((200, 200), JpegSize.Read(small));
        // Fit inside 800x800 and never enlarged: the 640x480 sample stays 640x480.
        Assert.Equal(sample is null ? (800, 600) : (640, 480), JpegSize.Read(large));
        foreach (var thumbnail in new[] { small, large })
        {
            var directories = ImageMetadataReader.ReadMetadata(new MemoryStream(thumbnail));
            Assert.Empty(directories.OfType<GpsDirectory>());
            Assert.Empty(directories.OfType<ExifIfd0Directory>());
        }

        // The status hands out a working, short-lived thumbnail URL, and the record a download URL.
        using var anonymous = new HttpClient();
        var thumbnailUrl = (await ApiCalls.GetJsonAsync(Alice, $"api/uploads/{uploadId}/status")).GetProperty("thumbnailUrl").GetString();
        Assert.Equal(large, await anonymous.GetByteArrayAsync(thumbnailUrl));
        Assert.Equal(content, await anonymous.GetByteArrayAsync(upload.GetProperty("downloadUrl").GetString()));

        var row = await ReadRowAsync(uploadId);
        Assert.Equal("COMPLETED", row.Status);
        Assert.Equal(ProcessingFixtures.Sha256Base64(content), row.Sha256);
        Assert.NotNull(row.ProcessedAt);
        using var metadata = JsonDocument.Parse(row.Metadata);
        Assert.Equal(DerivedKeys.Thumbnail("acme", Project, uploadId, 800),
            metadata.RootElement.GetProperty("outputs").GetProperty("thumbnail800").GetString());
    }

    [Fact]
    public async Task A_HEIC_photo_completes_upright()
    {
        var sample = ProcessingFixtures.Sample("photos/iphone13promax-orientation6.heic");
        // Without the samples an AVIF stands in: the same HEIF container and decoder path, an encoder Magick has.
        var content = sample ?? GeneratedImages.Avif(1200, 900);

        var upload = await UploadAndAwaitAsync(Alice, Project, "IMG_0001.HEIC", "image/heic", content);

        AssertStatus(upload, "COMPLETED");
        var large = await ReadObjectAsync(S3, DerivedKeys.Thumbnail("acme", Project, upload.GetProperty("uploadId").GetGuid(), 800));
        Assert.NotNull(large);
        Assert.Equal(sample is null ? (800, 600) : (600, 800), JpegSize.Read(large));
        if (sample is not null)
        {
            Assert.Equal("2022-02-16T12:55:41+01:00", Metadata(upload).GetProperty("image").GetProperty("capturedAt").GetString());
        }
    }

    [Theory]
    [InlineData("facade.webp", "image/webp", "photos/iphone6-gps.webp")]
    [InlineData("scan.tiff", "image/tiff", "photos/lzw-4bit.tiff")]
    public async Task WebP_and_TIFF_photos_complete_with_thumbnails(string fileName, string contentType, string sample)
    {
        var content = ProcessingFixtures.Sample(sample)
            ?? (contentType == "image/webp" ? GeneratedImages.WebP(1200, 900) : GeneratedImages.LzwTiff(640, 480));

        var upload = await UploadAndAwaitAsync(Alice, Project, fileName, contentType, content);

        AssertStatus(upload, "COMPLETED");
        var large = await ReadObjectAsync(S3, DerivedKeys.Thumbnail("acme", Project, upload.GetProperty("uploadId").GetGuid(), 800));
        Assert.NotNull(large);
        Assert.True(Math.Max(JpegSize.Read(large).Width, JpegSize.Read(large).Height) <= 800);
    }

    [Fact]
    public async Task A_PNG_completes_with_its_size()
    {
        var upload = await UploadAndAwaitAsync(Alice, Project, "markup.png", "image/png", GeneratedImages.TransparentPng(900, 300));

        AssertStatus(upload, "COMPLETED");
        Assert.Equal(900, Metadata(upload).GetProperty("image").GetProperty("width").GetInt32());
        Assert.Equal("png", Metadata(upload).GetProperty("format").GetString());
    }

    [Fact]
    public async Task A_PDF_completes_with_page_count_text_and_a_page_one_preview()
    {
        var sample = ProcessingFixtures.Sample("pdf/four-pages.pdf");
        var upload = await UploadAndAwaitAsync(Alice, Project, "site diary.pdf", "application/pdf", sample ?? GeneratedPdf.WithPages(3));

        AssertStatus(upload, "COMPLETED");
        var pdf = Metadata(upload).GetProperty("pdf");
        Assert.Equal(sample is null ? 3 : 4, pdf.GetProperty("pageCount").GetInt32());
        if (sample is null)
        {
            Assert.Contains(GeneratedPdf.PageText(1), pdf.GetProperty("textExcerpt").GetString(), StringComparison.Ordinal);
        }
        var uploadId = upload.GetProperty("uploadId").GetGuid();
        var text = await ReadObjectAsync(S3, DerivedKeys.Text("acme", Project, uploadId));
        Assert.NotNull(text);
        Assert.False(string.IsNullOrWhiteSpace(System.Text.Encoding.UTF8.GetString(text)));
        if (sample is null)
        {
            Assert.Contains(GeneratedPdf.PageText(3), System.Text.Encoding.UTF8.GetString(text), StringComparison.Ordinal);
        }
        Assert.Equal(System.Text.Encoding.UTF8.GetString(text).Length, pdf.GetProperty("textLength").GetInt32());
        var preview = await ReadObjectAsync(S3, DerivedKeys.Preview("acme", Project, uploadId));
        Assert.NotNull(preview);
        var (width, height) = JpegSize.Read(preview);
        Assert.Equal(800, Math.Max(width, height));
        Assert.NotNull(upload.GetProperty("thumbnailUrl").GetString());
    }

    [Fact]
    public async Task An_encrypted_PDF_completes_marked_encrypted_without_text()
    {
        var sample = ProcessingFixtures.Sample("pdf/encrypted-password.pdf");
        if (sample is null)
        {
            return; // Generating an encrypted PDF needs a writer PdfPig does not have; the unit tests cover the logic.
        }

        var upload = await UploadAndAwaitAsync(Alice, Project, "locked.pdf", "application/pdf", sample);

        AssertStatus(upload, "COMPLETED");
        Assert.True(Metadata(upload).GetProperty("pdf").GetProperty("encrypted").GetBoolean());
        Assert.False(Metadata(upload).TryGetProperty("outputs", out var outputs) && outputs.TryGetProperty("text", out _));
    }

    [Fact]
    public async Task A_DWG_drawing_is_scanned_and_completes_with_its_version()
    {
        var upload = await UploadAndAwaitAsync(Alice, Project, "level-2.dwg", "application/octet-stream", ProcessingFixtures.DwgLike(50_000));

        AssertStatus(upload, "COMPLETED");
        var drawing = Metadata(upload).GetProperty("drawing");
        Assert.Equal("AC1032", drawing.GetProperty("versionCode").GetString());
        Assert.Equal("AutoCAD 2018", drawing.GetProperty("release").GetString());
    }

    [Fact]
    public async Task An_infected_file_is_quarantined_moved_out_of_reach_and_its_quota_released()
    {
        var uploadId = await UploadAsync(Alice, Project, "plan.pdf", "application/pdf", ProcessingFixtures.PdfWithEicar());
        var upload = await AwaitFinishedAsync(Alice, uploadId);

        AssertStatus(upload, "QUARANTINED", "malware_found");
        Assert.StartsWith("Eicar", Metadata(upload).GetProperty("virusSignature").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, upload.GetProperty("downloadUrl").ValueKind);
        Assert.Equal(JsonValueKind.Null, upload.GetProperty("thumbnailUrl").ValueKind);
        var key = $"acme/{Project}/uploads/{uploadId}/plan.pdf";
        Assert.Null(await ReadObjectAsync(S3, key));
        Assert.NotNull(await ReadObjectAsync(S3, DerivedKeys.Quarantine(key)));
        var quota = (await ApiCalls.GetJsonAsync(Hosts.CreateAdminClient("acme"), $"api/projects/{Project}/quota")).GetProperty("usage");
        Assert.Equal(0, quota.GetProperty("usedBytes").GetInt64());
        Assert.Equal(0, quota.GetProperty("reservedBytes").GetInt64());
    }

    [Theory]
    [InlineData("zip.jpg", "image/jpeg", "zip", "content_mismatch")]
    [InlineData("truncated.jpg", "image/jpeg", "truncated-jpeg", "image_corrupt")]
    [InlineData("bomb.png", "image/png", "bomb", "image_too_large")]
    [InlineData("broken.pdf", "application/pdf", "corrupt-pdf", "pdf_corrupt")]
    public async Task A_hostile_or_broken_file_fails_with_its_code_and_the_silo_stays_up(string fileName, string contentType, string fixture, string code)
    {
        // The shared real-world broken files where this machine has them, generated equivalents otherwise.
        var content = fixture switch
        {
            "zip" => ProcessingFixtures.Sample("broken/zip-named.jpg") ?? ProcessingFixtures.ZipBytes(),
            "truncated-jpeg" => ProcessingFixtures.Sample("broken/truncated.jpg") ?? GeneratedImages.TruncatedJpeg(),
            "bomb" => ProcessingFixtures.Sample("broken/png-bomb-50000x50000.png") ?? GeneratedImages.PngDeclaring(60_000, 60_000),
            _ => ProcessingFixtures.Sample("broken/truncated.pdf") ?? ProcessingFixtures.CorruptPdf(),
        };

        var upload = await UploadAndAwaitAsync(Alice, Project, fileName, contentType, content);

        AssertStatus(upload, "FAILED", code);
        Assert.False(string.IsNullOrWhiteSpace(upload.GetProperty("error").GetString()));
        // The silo that processed it still answers, and a good file after it still completes.
        AssertStatus(await UploadAndAwaitAsync(Alice, Project, "after.png", "image/png", GeneratedImages.TransparentPng(64, 64)), "COMPLETED");
    }

    [Fact]
    public async Task An_object_of_another_size_than_declared_fails_size_mismatch()
    {
        var declared = GeneratedImages.Jpeg(400, 300);
        var uploadId = await UploadAsync(Alice, Project, "short.jpg", "image/jpeg", declared, stored: declared[..^100]);

        AssertStatus(await AwaitFinishedAsync(Alice, uploadId), "FAILED", "size_mismatch");
    }

    [Fact]
    public async Task A_declared_checksum_is_verified_and_a_resent_photo_is_marked_as_a_duplicate()
    {
        var content = GeneratedImages.Jpeg(640, 480);
        var checksum = ProcessingFixtures.Sha256Base64(content);

        var first = await UploadAndAwaitAsync(Alice, Project, "a.jpg", "image/jpeg", content, checksum);
        var again = await UploadAndAwaitAsync(Alice, Project, "a (1).jpg", "image/jpeg", content, checksum);
        var wrong = await UploadAndAwaitAsync(Alice, Project, "b.jpg", "image/jpeg", content, ProcessingFixtures.Sha256Base64([1, 2, 3]));

        AssertStatus(first, "COMPLETED");
        Assert.Equal(checksum, Metadata(first).GetProperty("sha256").GetString());
        Assert.False(Metadata(first).TryGetProperty("duplicateOf", out _));
        AssertStatus(again, "COMPLETED");
        Assert.Equal(first.GetProperty("uploadId").GetGuid(), Metadata(again).GetProperty("duplicateOf").GetGuid());
        AssertStatus(wrong, "FAILED", "checksum_mismatch");
    }

    private static async Task<(string Status, string? Sha256, DateTime? ProcessedAt, string Metadata)> ReadRowAsync(Guid uploadId)
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, sha256, processed_at, metadata::text FROM uploads WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = uploadId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetDateTime(2), reader.GetString(3));
    }
}
