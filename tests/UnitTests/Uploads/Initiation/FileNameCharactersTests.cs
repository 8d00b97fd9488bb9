using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads;
using BuildPeer.Grains.Uploads.Initiation.Validation;

namespace BuildPeer.UnitTests.Uploads.Initiation;

public class FileNameCharactersTests
{
    [Theory]
    [InlineData("obra\r\nSet-Cookie: a=b\t\0\a.jpg", "U+000D")]
    [InlineData("a\0.jpg", "U+0000")]
    [InlineData("a\u007f.jpg", "U+007F")]
    [InlineData("a\u0085.jpg", "U+0085")]
    [InlineData("invoice\u202Egpj.exe", "U+202E")]
    [InlineData("a\u2066b\u2069.jpg", "U+2066")]
    [InlineData("a\u200Fb.jpg", "U+200F")]
    [InlineData("a\u200Bb.jpg", "U+200B")]
    [InlineData("a\u2028b.jpg", "U+2028")]
    [InlineData("a\uFEFF.jpg", "U+FEFF")]
    [InlineData("a\uFFFF.jpg", "U+FFFF")]
    public void Controls_bidirectional_and_invisible_characters_are_found(string name, string codePoint)
    {
        Assert.Equal(codePoint, FileNameCharacters.FindForbidden(name)?.CodePoint);
    }

    [Fact]
    public void A_lone_surrogate_is_found()
    {
        // Built here: xunit's theory data would turn a lone surrogate into U+FFFD before the test sees it.
        Assert.Equal("U+D800", FileNameCharacters.FindForbidden("a" + '\uD800' + ".jpg")?.CodePoint);
        Assert.Equal("U+DC00", FileNameCharacters.FindForbidden("a" + '\uDC00' + "b.jpg")?.CodePoint);
    }

    [Theory]
    [InlineData("site photo (1).jpg")]
    [InlineData("año ñandú – plan.pdf")]
    [InlineData("😀 family 👨‍👩‍👧.jpg")]
    [InlineData("مخطط.pdf")]
    [InlineData("می‌خواهم.pdf")]
    [InlineData("a;b%c\"d'.jpg")]
    public void Ordinary_names_in_any_script_pass(string name)
    {
        Assert.Null(FileNameCharacters.FindForbidden(name));
    }

    [Fact]
    public void The_validator_refuses_such_a_name_with_file_name_invalid_and_says_which_character()
    {
        var validator = new UploadRequestValidator(new UploadOptions());
        var command = new InitiateUploadsCommand("acme", "alice", "tower-7",
            [new FileToUpload("fine.jpg", "image/jpeg", 10), new FileToUpload("obra\r\nSet-Cookie: a=b\t\0\a.jpg", "image/jpeg", 10)]);

        var rejection = Assert.Single(validator.ValidateFiles(command, 1000));

        Assert.Equal(1, rejection.Index);
        Assert.Equal(ErrorCodes.FileNameInvalid, rejection.Code);
        Assert.Contains("U+000D", rejection.Detail, StringComparison.Ordinal);
    }
}
