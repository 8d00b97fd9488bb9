using System.Text;
using BuildPeer.Processing;
using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.UnitTests.Processing.Documents;

public class PdfProcessorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_generated_pdf_gives_its_page_count_and_each_pages_text_on_its_own_lines()
    {
        var path = _folder.Write("diary.pdf", GeneratedPdf.WithPages(3));

        var outcome = await PdfProcessorFactory.Create().ProcessAsync(path, CancellationToken.None);

        Assert.Equal(3, outcome.Metadata.PageCount);
        Assert.False(outcome.Metadata.Encrypted);
        Assert.NotNull(outcome.Text);
        var pages = outcome.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(pages, line => line.Contains(GeneratedPdf.PageText(1), StringComparison.Ordinal));
        Assert.Contains(pages, line => line.Contains(GeneratedPdf.PageText(3), StringComparison.Ordinal));
        Assert.True(
            outcome.Text.IndexOf(GeneratedPdf.PageText(1), StringComparison.Ordinal)
                < outcome.Text.IndexOf(GeneratedPdf.PageText(2), StringComparison.Ordinal),
            "pages should come in order");
        Assert.Equal(outcome.Text.Length, outcome.Metadata.TextLength);
    }

    [Fact]
    public async Task Title_and_author_come_from_the_document_information()
    {
        var path = _folder.Write("diary.pdf", GeneratedPdf.WithPages(1));

        var outcome = await PdfProcessorFactory.Create().ProcessAsync(path, CancellationToken.None);

        Assert.Equal(GeneratedPdf.Title, outcome.Metadata.Title);
        Assert.Equal(GeneratedPdf.Author, outcome.Metadata.Author);
    }

    [Fact]
    public async Task The_excerpt_is_the_start_of_the_text_with_whitespace_collapsed()
    {
        var path = _folder.Write("diary.pdf", GeneratedPdf.WithPages(5));

        var outcome = await PdfProcessorFactory.Create(o => o.ExcerptLength = 40).ProcessAsync(path, CancellationToken.None);

        Assert.NotNull(outcome.Metadata.TextExcerpt);
        Assert.StartsWith(GeneratedPdf.PageText(1), outcome.Metadata.TextExcerpt, StringComparison.Ordinal);
        Assert.True(outcome.Metadata.TextExcerpt.Length <= 40);
        Assert.DoesNotContain("  ", outcome.Metadata.TextExcerpt, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', outcome.Metadata.TextExcerpt);
    }

    [Fact]
    public async Task The_preview_is_a_jpeg_of_page_one_with_an_800_pixel_long_edge()
    {
        var path = _folder.Write("diary.pdf", GeneratedPdf.WithPages(2));

        var outcome = await PdfProcessorFactory.Create().ProcessAsync(path, CancellationToken.None);

        Assert.NotNull(outcome.PreviewJpeg);
        var (width, height) = JpegSize.Read(outcome.PreviewJpeg);
        Assert.Equal(800, height);
        // A4 is 1 : 1.414, so an 800-pixel-high page is 566 pixels wide (poppler may round either way).
        Assert.InRange(width, 565, 566);
    }

    [Fact]
    public async Task Garbage_named_pdf_fails_as_a_corrupt_pdf()
    {
        var path = _folder.Write("plan.pdf", Encoding.ASCII.GetBytes("this is not a PDF at all, just a renamed note\n"));

        var failure = await Assert.ThrowsAsync<ProcessingFailedException>(
            () => PdfProcessorFactory.Create().ProcessAsync(path, CancellationToken.None));

        Assert.Equal(ErrorCodes.PdfCorrupt, failure.Code);
    }

    [Fact]
    public async Task An_empty_file_fails_as_a_corrupt_pdf()
    {
        var path = _folder.Write("empty.pdf", []);

        var failure = await Assert.ThrowsAsync<ProcessingFailedException>(
            () => PdfProcessorFactory.Create().ProcessAsync(path, CancellationToken.None));

        Assert.Equal(ErrorCodes.PdfCorrupt, failure.Code);
    }

    [Fact]
    public async Task A_pdf_cut_short_fails_as_a_corrupt_pdf()
    {
        var whole = GeneratedPdf.WithPages(3);
        var path = _folder.Write("cut.pdf", whole[..(whole.Length / 3)]);

        var failure = await Assert.ThrowsAsync<ProcessingFailedException>(
            () => PdfProcessorFactory.Create().ProcessAsync(path, CancellationToken.None));

        Assert.Equal(ErrorCodes.PdfCorrupt, failure.Code);
    }

    [Fact]
    public async Task A_preview_past_its_time_limit_is_dropped_without_failing_the_file()
    {
        var path = _folder.Write("diary.pdf", GeneratedPdf.WithPages(2));

        var outcome = await PdfProcessorFactory.Create(o => o.PreviewTimeout = TimeSpan.FromMilliseconds(1))
            .ProcessAsync(path, CancellationToken.None);

        Assert.Null(outcome.PreviewJpeg);
        Assert.Equal(2, outcome.Metadata.PageCount);
    }

    [Fact]
    public async Task A_missing_renderer_means_no_preview_but_the_text_is_still_read()
    {
        var path = _folder.Write("diary.pdf", GeneratedPdf.WithPages(1));

        var outcome = await PdfProcessorFactory.Create(o => o.PdftoppmPath = "/nonexistent/pdftoppm")
            .ProcessAsync(path, CancellationToken.None);

        Assert.Null(outcome.PreviewJpeg);
        Assert.Equal(1, outcome.Metadata.PageCount);
    }

    [Fact]
    public async Task A_missing_prlimit_means_no_preview_rather_than_an_unlimited_renderer()
    {
        var path = _folder.Write("diary.pdf", GeneratedPdf.WithPages(1));

        var outcome = await PdfProcessorFactory.Create(o => o.PrlimitPath = "/nonexistent/prlimit")
            .ProcessAsync(path, CancellationToken.None);

        Assert.Null(outcome.PreviewJpeg);
    }

    [Fact]
    public async Task A_renderer_that_hits_its_memory_limit_gives_no_preview()
    {
        var path = _folder.Write("diary.pdf", GeneratedPdf.WithPages(1));

        var outcome = await PdfProcessorFactory.Create(o => o.PreviewMemoryLimitBytes = 8 * 1024 * 1024)
            .ProcessAsync(path, CancellationToken.None);

        Assert.Null(outcome.PreviewJpeg);
        Assert.Equal(1, outcome.Metadata.PageCount);
    }

    [Fact]
    public async Task A_cancelled_caller_gets_a_cancellation_not_a_result()
    {
        var path = _folder.Write("diary.pdf", GeneratedPdf.WithPages(2));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => PdfProcessorFactory.Create().ProcessAsync(path, cancelled.Token));
    }

    public void Dispose() => _folder.Dispose();
}
