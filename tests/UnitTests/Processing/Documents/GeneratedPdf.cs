using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace BuildPeer.UnitTests.Processing.Documents;

/// <summary>PDF fixtures built in the test itself, so the suite needs no sample files.</summary>
internal static class GeneratedPdf
{
    public const string Title = "Level 2 slab pour";
    public const string Author = "Site Office";

    /// <summary>A4 portrait pages, each with one line of Helvetica: "Site diary page N".</summary>
    public static byte[] WithPages(int pageCount)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var number = 1; number <= pageCount; number++)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText(PageText(number), 14, new PdfPoint(72, 760), font);
            page.AddText("Concrete   poured and   cured.", 11, new PdfPoint(72, 730), font);
        }

        builder.DocumentInformation.Title = Title;
        builder.DocumentInformation.Author = Author;
        return builder.Build();
    }

    public static string PageText(int number) => $"Site diary page {number}";
}
