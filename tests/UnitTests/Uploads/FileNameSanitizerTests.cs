using BuildPeer.Grains.Uploads.Naming;

namespace BuildPeer.UnitTests.Uploads;

public class FileNameSanitizerTests
{
    [Theory]
    [InlineData("IMG_2041.HEIC", "IMG_2041.HEIC")]
    [InlineData("site photo 3.jpg", "site_photo_3.jpg")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData(@"C:\Users\crew\Desktop\plan-A.pdf", "plan-A.pdf")]
    [InlineData("report\u0000\u001f.pdf", "report_.pdf")]
    [InlineData("a:b*c?d\"e<f>g|h#i%j.dwg", "a_b_c_d_e_f_g_h_i_j.dwg")]
    [InlineData(".htaccess", "htaccess")]
    [InlineData("...", "file")]
    [InlineData("", "file")]
    [InlineData("   ", "file")]
    [InlineData("Baustelle Süd – Fundament.jpg", "Baustelle_Süd_Fundament.jpg")]
    [InlineData("plan__v2___final.pdf", "plan_v2_final.pdf")]
    public void Sanitize_keeps_what_is_safe_and_replaces_the_rest(string original, string expected)
    {
        Assert.Equal(expected, FileNameSanitizer.Sanitize(original));
    }

    [Fact]
    public void Decomposed_accents_are_composed_so_one_name_has_one_key()
    {
        var decomposed = "Su\u0308d.jpg";

        Assert.Equal("S\u00fcd.jpg", FileNameSanitizer.Sanitize(decomposed));
    }

    [Fact]
    public void Long_names_are_cut_to_the_limit_and_keep_their_extension()
    {
        var sanitized = FileNameSanitizer.Sanitize(new string('a', 300) + ".pdf");

        Assert.Equal(FileNameSanitizer.MaxLength, sanitized.Length);
        Assert.EndsWith("a.pdf", sanitized, StringComparison.Ordinal);
    }

    [Fact]
    public void Cutting_a_long_name_never_splits_a_surrogate_pair()
    {
        var sanitized = FileNameSanitizer.Sanitize(string.Concat(Enumerable.Repeat("\U00020000", 100)) + ".jpg");

        Assert.True(sanitized.Length <= FileNameSanitizer.MaxLength);
        Assert.EndsWith(".jpg", sanitized, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(sanitized[^5]));
        Assert.Equal(sanitized.Normalize(), sanitized);
    }
}
