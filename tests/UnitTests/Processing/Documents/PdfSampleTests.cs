using System.Diagnostics;
using BuildPeer.Processing;
using BuildPeer.Processing.Documents;
using BuildPeer.Grains.Abstractions.Errors;
using Xunit.Abstractions;

namespace BuildPeer.UnitTests.Processing.Documents;

/// <summary>Real-world PDFs from the shared samples, read in place; each test passes vacuously without them.</summary>
public class PdfSampleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Four_pages_of_pdflatex_text_are_read_in_full()
    {
        if (SamplePaths.Find("pdf", "four-pages.pdf") is not { } path)
        {
            return;
        }

        var outcome = await TimedAsync(path);

        Assert.Equal(4, outcome.Metadata.PageCount);
        Assert.NotNull(outcome.Text);
        Assert.Contains("Hello, here is some text without a meaning", outcome.Text, StringComparison.Ordinal);
        Assert.Contains("blind text", outcome.Text, StringComparison.Ordinal);
        Assert.StartsWith("Hello, here is some text without a meaning.", outcome.Metadata.TextExcerpt, StringComparison.Ordinal);
        Assert.NotNull(outcome.PreviewJpeg);
    }

    [Fact]
    public async Task A_two_column_paper_gives_three_pages_of_text()
    {
        if (SamplePaths.Find("pdf", "multicolumn.pdf") is not { } path)
        {
            return;
        }

        var outcome = await TimedAsync(path);

        Assert.Equal(3, outcome.Metadata.PageCount);
        Assert.Contains("Two-Column Document with Lorem Ipsum", outcome.Text, StringComparison.Ordinal);
        Assert.Contains("Pellentesque", outcome.Text, StringComparison.Ordinal);
        Assert.NotNull(outcome.PreviewJpeg);
    }

    [Fact]
    public async Task A_password_protected_pdf_completes_as_encrypted_with_nothing_read()
    {
        if (SamplePaths.Find("pdf", "encrypted-password.pdf") is not { } path)
        {
            return;
        }

        var outcome = await TimedAsync(path);

        Assert.True(outcome.Metadata.Encrypted);
        Assert.Null(outcome.Metadata.PageCount);
        Assert.Null(outcome.Text);
        Assert.Equal(0, outcome.Metadata.TextLength);
        Assert.Null(outcome.Metadata.TextExcerpt);
        Assert.Null(outcome.PreviewJpeg);
    }

    [Fact]
    public async Task A_scanned_cmyk_page_has_no_text_but_a_preview_with_an_800_pixel_long_edge()
    {
        if (SamplePaths.Find("pdf", "cmyk-image-no-text.pdf") is not { } path)
        {
            return;
        }

        var outcome = await TimedAsync(path);

        Assert.Equal(1, outcome.Metadata.PageCount);
        Assert.Equal(string.Empty, outcome.Text);
        Assert.Equal(0, outcome.Metadata.TextLength);
        Assert.Null(outcome.Metadata.TextExcerpt);
        Assert.NotNull(outcome.PreviewJpeg);
        var (width, height) = JpegSize.Read(outcome.PreviewJpeg);
        Assert.Equal(800, Math.Max(width, height));
    }

    [Fact]
    public async Task A_truncated_pdf_fails_as_corrupt()
    {
        if (SamplePaths.Find("broken", "truncated.pdf") is not { } path)
        {
            return;
        }

        var failure = await Assert.ThrowsAsync<ProcessingFailedException>(
            () => PdfProcessorFactory.Create().ProcessAsync(path, CancellationToken.None));

        Assert.Equal(ErrorCodes.PdfCorrupt, failure.Code);
        output.WriteLine(failure.Message);
    }

    // Times the halves separately, so the test output doubles as a rough measurement.
    private async Task<PdfOutcome> TimedAsync(string path)
    {
        var cold = Stopwatch.StartNew();
        _ = PdfTextReader.Read(path, CancellationToken.None);
        cold.Stop();
        var warm = Stopwatch.StartNew();
        _ = PdfTextReader.Read(path, CancellationToken.None);
        warm.Stop();
        var render = Stopwatch.StartNew();
        _ = await PdfProcessorFactory.CreateRenderer().RenderFirstPageAsync(path, CancellationToken.None);
        render.Stop();
        var outcome = await PdfProcessorFactory.Create().ProcessAsync(path, CancellationToken.None);
        output.WriteLine($"{Path.GetFileName(path)}: pages + text {cold.ElapsedMilliseconds} ms cold, "
            + $"{warm.ElapsedMilliseconds} ms warm; preview {render.ElapsedMilliseconds} ms, {outcome.PreviewJpeg?.Length ?? 0} bytes");
        return outcome;
    }
}
