namespace BuildPeer.UnitTests.Processing.Documents;

/// <summary>Watches the shared temp folder, so it must not run beside other tests that render previews.</summary>
[CollectionDefinition(nameof(PdfPreviewCleanupTests), DisableParallelization = true)]
[Collection(nameof(PdfPreviewCleanupTests))]
public class PdfPreviewCleanupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task No_preview_folder_is_left_behind_after_a_preview_or_a_timeout()
    {
        var path = _folder.Write("diary.pdf", GeneratedPdf.WithPages(1));
        var before = PreviewFolders();

        await PdfProcessorFactory.Create().ProcessAsync(path, CancellationToken.None);
        await PdfProcessorFactory.Create(o => o.PreviewTimeout = TimeSpan.FromMilliseconds(1)).ProcessAsync(path, CancellationToken.None);

        Assert.Empty(PreviewFolders().Except(before));
    }

    public void Dispose() => _folder.Dispose();

    private static string[] PreviewFolders() =>
        Directory.GetDirectories(Path.GetTempPath(), "buildpeer-pdf-preview-*");
}
