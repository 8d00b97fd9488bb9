using System.Security.Cryptography;
using System.Text;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Grains.Uploads.Processing.Storage;
using BuildPeer.Processing;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Parsers;
using BuildPeer.UnitTests.Processing;
using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Uploads.Processing;

/// <summary>Every way an attempt can end, with storage, scanner and processors that do only what a test says.</summary>
public sealed class UploadProcessorTests : IDisposable
{
    private static readonly Guid UploadId = Guid.Parse("0192f0c1-7a3b-7c4d-8e5f-0000000000aa");
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("a small photo")];
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n% a plan\n");

    private readonly TempFolder _spool = new();
    private readonly InMemoryStorage _storage = new();
    private readonly MarkerScanner _scanner = new();
    private readonly FakeParsers _parsers = new();

    [Fact]
    public async Task A_photo_completes_with_its_hash_and_both_thumbnails_stored_at_their_keys()
    {
        var outcome = await ProcessAsync(Job("photo.jpg", ContentKind.Jpeg, Jpeg));

        Assert.Equal(ProcessingOutcomeKind.Completed, outcome.Kind);
        var result = outcome.Result!;
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Jpeg)), result.Sha256);
        Assert.Equal("jpeg", result.DetectedFormat);
        Assert.Equal(4, result.Image!.Width);
        Assert.Equal([2, 0, 0], _storage.Objects[DerivedKeys.Thumbnail("acme", "tower-7", UploadId, 200)]);
        Assert.Equal([8, 0, 0], _storage.Objects[DerivedKeys.Thumbnail("acme", "tower-7", UploadId, 800)]);
        Assert.Equal(result.Thumbnail800Key, DerivedKeys.Thumbnail("acme", "tower-7", UploadId, 800));
        Assert.NotNull(result.Duration);
        Assert.Empty(_spool.Directory.GetFiles());
    }

    [Fact]
    public async Task A_PDF_completes_with_its_text_and_preview_stored()
    {
        var outcome = await ProcessAsync(Job("plan.pdf", ContentKind.Pdf, Pdf));

        Assert.Equal(ProcessingOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(2, outcome.Result!.Pdf!.PageCount);
        Assert.Equal("page text", Encoding.UTF8.GetString(_storage.Objects[DerivedKeys.Text("acme", "tower-7", UploadId)]));
        Assert.True(_storage.Objects.ContainsKey(DerivedKeys.Preview("acme", "tower-7", UploadId)));
    }

    [Fact]
    public async Task An_object_of_another_size_fails_before_it_is_even_scanned()
    {
        var outcome = await ProcessAsync(Job("photo.jpg", ContentKind.Jpeg, Jpeg) with { DeclaredSize = Jpeg.Length + 1 });

        AssertFailed(outcome, ErrorCodes.SizeMismatch);
        Assert.Equal(0, _scanner.Scans);
    }

    [Fact]
    public async Task An_infected_file_is_moved_to_quarantine_and_nothing_is_made_from_it()
    {
        byte[] infected = [.. Jpeg, .. Encoding.ASCII.GetBytes("VIRUS")];
        var job = Job("photo.jpg", ContentKind.Jpeg, infected);

        var outcome = await ProcessAsync(job);

        Assert.Equal(ProcessingOutcomeKind.Quarantined, outcome.Kind);
        Assert.Equal("Test.Marker", outcome.Result!.VirusSignature);
        Assert.Equal(DerivedKeys.Quarantine(job.Key), outcome.Result.QuarantineKey);
        Assert.Equal([DerivedKeys.Quarantine(job.Key)], _storage.Objects.Keys);
    }

    [Fact]
    public async Task A_declared_checksum_that_differs_fails_and_the_real_one_is_kept()
    {
        var outcome = await ProcessAsync(Job("photo.jpg", ContentKind.Jpeg, Jpeg) with
        {
            DeclaredSha256 = Convert.ToBase64String(SHA256.HashData([1, 2, 3])),
        });

        AssertFailed(outcome, ErrorCodes.ChecksumMismatch);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Jpeg)), outcome.Result!.Sha256);
    }

    [Fact]
    public async Task Bytes_that_are_not_what_the_name_says_fail_content_mismatch()
    {
        var outcome = await ProcessAsync(Job("photo.jpg", ContentKind.Jpeg, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4]));

        AssertFailed(outcome, ErrorCodes.ContentMismatch);
        Assert.Single(_storage.Objects); // the object itself, and nothing made from it
    }

    [Fact]
    public async Task An_earlier_copy_in_the_project_is_named()
    {
        var earlier = Guid.CreateVersion7();

        var outcome = await ProcessAsync(Job("photo.jpg", ContentKind.Jpeg, Jpeg), duplicates: new FixedDuplicates(earlier));

        Assert.Equal(earlier, outcome.Result!.DuplicateOf);
    }

    [Fact]
    public async Task A_missing_object_or_unreachable_storage_is_retried_not_failed()
    {
        var missing = await ProcessAsync(Job("photo.jpg", ContentKind.Jpeg, Jpeg) with { Key = "acme/tower-7/uploads/x/gone.jpg" });
        _storage.Unreachable = true;
        var unreachable = await ProcessAsync(Job("photo.jpg", ContentKind.Jpeg, Jpeg));

        Assert.Equal(ProcessingOutcomeKind.Retry, missing.Kind);
        Assert.Equal(ProcessingOutcomeKind.Retry, unreachable.Kind);
    }

    [Fact]
    public async Task A_scanner_that_hangs_past_the_time_limit_is_retried_not_blamed_on_the_file()
    {
        _scanner.Hangs = true;

        var outcome = await ProcessAsync(Job("photo.jpg", ContentKind.Jpeg, Jpeg), timeLimit: TimeSpan.FromMilliseconds(200));

        Assert.Equal(ProcessingOutcomeKind.Retry, outcome.Kind);
        Assert.Empty(_spool.Directory.GetFiles());
    }

    [Theory]
    [InlineData(ErrorCodes.ProcessingTimeout)]
    [InlineData(ErrorCodes.ResourceLimit)]
    public async Task A_file_that_loses_its_parser_worker_reports_the_loss_with_its_code_and_leaves_no_files(string code)
    {
        _parsers.LosesWorkerWith = code;

        var outcome = await ProcessAsync(Job("photo.jpg", ContentKind.Jpeg, Jpeg));

        Assert.Equal(ProcessingOutcomeKind.WorkerLost, outcome.Kind);
        Assert.Equal(code, outcome.ErrorCode);
        Assert.NotNull(outcome.Result?.Sha256);
        Assert.Empty(_spool.Directory.GetFiles());
        Assert.DoesNotContain(_storage.Objects.Keys, key => key.Contains("/thumbnails/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_the_parser_refuses_fails_with_the_parser_code()
    {
        _parsers.Reply = ParseReply.Failed(ErrorCodes.ImageTooLarge, "30000x30000 pixels.");

        AssertFailed(await ProcessAsync(Job("photo.png", ContentKind.Jpeg, Jpeg)), ErrorCodes.ImageTooLarge);
    }

    [Fact]
    public async Task An_output_named_outside_the_parser_folder_is_never_read()
    {
        _parsers.Reply = new ParseReply { Image = new(), Thumbnail200File = "../../etc/passwd", Thumbnail800File = "large.jpg" };

        var outcome = await ProcessAsync(Job("photo.jpg", ContentKind.Jpeg, Jpeg));

        Assert.Equal(ProcessingOutcomeKind.Retry, outcome.Kind);
        Assert.DoesNotContain(_storage.Objects.Keys, key => key.Contains("/thumbnails/", StringComparison.Ordinal));
    }

    private ProcessingJob Job(string fileName, ContentKind kind, byte[] content)
    {
        var key = $"acme/tower-7/uploads/{UploadId}/{fileName}";
        _storage.Objects[key] = content;
        return new ProcessingJob(UploadId, 1, "acme", "tower-7", key, fileName, content.Length, kind, null);
    }

    private Task<ProcessingOutcome> ProcessAsync(ProcessingJob job, IDuplicateFinder? duplicates = null, TimeSpan? timeLimit = null)
    {
        var spooler = new ContentSpooler(_scanner, Options.Create(new ContentSpoolOptions { TempDirectory = _spool.Directory.FullName }));
        var processor = new UploadProcessor(_storage, spooler, _parsers, duplicates ?? new FixedDuplicates(null),
            Options.Create(new ProcessingOptions { TimeLimit = timeLimit ?? TimeSpan.FromSeconds(30) }),
            NullLogger<UploadProcessor>.Instance);
        return processor.ProcessAsync(job, CancellationToken.None);
    }

    private static void AssertFailed(ProcessingOutcome outcome, string code)
    {
        Assert.Equal(ProcessingOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(code, outcome.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Reason));
    }

    public void Dispose() => _spool.Dispose();
}
