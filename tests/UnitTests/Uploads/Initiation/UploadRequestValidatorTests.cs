using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads;
using BuildPeer.Grains.Uploads.Initiation.Validation;

namespace BuildPeer.UnitTests.Uploads.Initiation;

public class UploadRequestValidatorTests
{
    private const long ProjectMaxFileSize = 100L * 1024 * 1024;
    private readonly UploadRequestValidator _validator = new(new UploadOptions());

    private IReadOnlyList<FileRejection> Validate(InitiateUploadsCommand command) =>
        _validator.ValidateFiles(command, ProjectMaxFileSize);

    private static InitiateUploadsCommand Command(params FileToUpload[] files) => new("acme", "user-1", "tower-7", files);

    [Fact]
    public void A_request_of_allowed_files_within_the_limits_is_accepted()
    {
        var rejections = Validate(Command(
            new FileToUpload("photo.JPG", "image/jpeg", 2_000_000),
            new FileToUpload("scan.tiff", "image/tiff", ProjectMaxFileSize),
            new FileToUpload("IMG_1.heic", "image/heif", 3_000_000),
            new FileToUpload("plan.pdf", "application/pdf; charset=binary", 5 * 1024 * 1024),
            new FileToUpload("level2.dwg", "application/octet-stream", 1_000)));

        Assert.Empty(rejections);
    }

    [Theory]
    [InlineData("photo.jpg", "image/jpeg", 0, ErrorCodes.FileEmpty)]
    [InlineData("photo.jpg", "image/jpeg", -5, ErrorCodes.FileEmpty)]
    [InlineData("photo.jpg", "image/jpeg", 100L * 1024 * 1024 + 1, ErrorCodes.FileTooLarge)]
    [InlineData("setup.exe", "application/octet-stream", 100, ErrorCodes.FileTypeNotAllowed)]
    [InlineData("noextension", "image/jpeg", 100, ErrorCodes.FileTypeNotAllowed)]
    [InlineData("photo.jpg", "text/html", 100, ErrorCodes.ContentTypeNotAllowed)]
    [InlineData("photo.jpg", "application/pdf", 100, ErrorCodes.ContentTypeMismatch)]
    [InlineData("photo.jpg", "application/octet-stream", 100, ErrorCodes.ContentTypeMismatch)]
    [InlineData("", "image/jpeg", 100, ErrorCodes.FileNameInvalid)]
    public void A_bad_file_is_named_with_its_index_and_a_stable_code(string name, string type, long size, string code)
    {
        var rejections = Validate(Command(new FileToUpload("ok.png", "image/png", 10), new FileToUpload(name, type, size)));

        var rejection = Assert.Single(rejections);
        Assert.Equal(1, rejection.Index);
        Assert.Equal(name, rejection.FileName);
        Assert.Equal(code, rejection.Code);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Detail));
    }

    [Fact]
    public void Every_bad_file_of_a_request_is_reported_at_once()
    {
        var rejections = Validate(Command(
            new FileToUpload("a.exe", "application/octet-stream", 10),
            new FileToUpload("b.jpg", "image/jpeg", 10),
            new FileToUpload("c.pdf", "application/pdf", 0)));

        Assert.Equal([0, 2], rejections.Select(rejection => rejection.Index));
    }

    [Fact]
    public void More_files_than_the_limit_are_refused_as_a_whole()
    {
        var files = Enumerable.Range(0, 51).Select(i => new FileToUpload($"{i}.jpg", "image/jpeg", 10)).ToArray();

        var rejection = Assert.Single(Validate(Command(files)));

        Assert.Equal(ErrorCodes.TooManyFiles, rejection.Code);
        Assert.Equal(-1, rejection.Index);
    }

    [Fact]
    public void A_request_without_files_is_refused()
    {
        Assert.Equal(ErrorCodes.NoFiles, Assert.Single(Validate(Command())).Code);
    }

    [Theory]
    [InlineData("acme", "../other", ErrorCodes.ProjectIdInvalid)]
    [InlineData("acme", "", ErrorCodes.ProjectIdInvalid)]
    [InlineData("ac/me", "tower-7", ErrorCodes.TenantIdInvalid)]
    public void Ids_that_cannot_be_key_segments_are_refused(string tenantId, string projectId, string code)
    {
        var command = new InitiateUploadsCommand(tenantId, "user-1", projectId, [new FileToUpload("a.jpg", "image/jpeg", 1)]);

        Assert.Equal(code, UploadRequestValidator.ValidateIds(command)?.Code);
    }

    [Fact]
    public void Valid_ids_pass()
    {
        Assert.Null(UploadRequestValidator.ValidateIds(Command(new FileToUpload("a.jpg", "image/jpeg", 1))));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=AAAA")]
    [InlineData("")]
    public void A_checksum_that_is_not_a_base64_SHA_256_digest_is_refused(string checksum)
    {
        var rejections = Validate(Command(new FileToUpload("photo.jpg", "image/jpeg", 100, checksum)));

        Assert.Equal(ErrorCodes.ChecksumInvalid, Assert.Single(rejections).Code);
    }

    [Fact]
    public void A_base64_SHA_256_digest_is_accepted_as_a_checksum()
    {
        // SHA-256 of no bytes, as S3 writes it in x-amz-checksum-sha256.
        Assert.Empty(Validate(Command(new FileToUpload("photo.jpg", "image/jpeg", 100, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="))));
    }

    [Fact]
    public void A_file_larger_than_the_scanner_reads_is_refused_even_where_the_project_allows_it()
    {
        var validator = new UploadRequestValidator(new UploadOptions { MaxFileSizeBytes = 200L * 1024 * 1024 });

        var rejections = validator.ValidateFiles(Command(new FileToUpload("model.dwg", "application/octet-stream", 300L * 1024 * 1024)),
            maxFileSizeBytes: 1024L * 1024 * 1024);

        var rejection = Assert.Single(rejections);
        Assert.Equal(ErrorCodes.FileTooLarge, rejection.Code);
        Assert.Contains("the service takes files of up to", rejection.Detail, StringComparison.Ordinal);
    }
}
