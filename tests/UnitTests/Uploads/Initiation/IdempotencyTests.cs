using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Initiation.Idempotency;

namespace BuildPeer.UnitTests.Uploads.Initiation;

public class IdempotencyTests
{
    private static InitiateUploadsCommand Command(string projectId, params FileToUpload[] files) => new("acme", "alice", projectId, files);

    [Fact]
    public void The_same_request_has_the_same_fingerprint()
    {
        var first = RequestFingerprint.Of(Command("p1", new FileToUpload("a.jpg", "image/jpeg", 10)));
        var retry = RequestFingerprint.Of(Command("p1", new FileToUpload("a.jpg", "image/jpeg", 10)));

        Assert.Equal(first, retry);
    }

    [Theory]
    [InlineData("p2", "a.jpg", "image/jpeg", 10)]
    [InlineData("p1", "b.jpg", "image/jpeg", 10)]
    [InlineData("p1", "a.jpg", "image/png", 10)]
    [InlineData("p1", "a.jpg", "image/jpeg", 11)]
    public void Any_difference_changes_the_fingerprint(string projectId, string name, string type, long size)
    {
        var original = RequestFingerprint.Of(Command("p1", new FileToUpload("a.jpg", "image/jpeg", 10)));

        Assert.NotEqual(original, RequestFingerprint.Of(Command(projectId, new FileToUpload(name, type, size))));
    }

    [Fact]
    public void Names_cannot_be_shifted_between_fields_to_collide()
    {
        var one = RequestFingerprint.Of(Command("p1", new FileToUpload("a1", "0:b", 1)));
        var other = RequestFingerprint.Of(Command("p1", new FileToUpload("a", "10:b", 1)));

        Assert.NotEqual(one, other);
    }

    [Theory]
    [InlineData("9f1c2b3a-retry-key", true)]
    [InlineData("a", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("tab\tkey", false)]
    [InlineData("ümlaut", false)]
    public void Keys_are_printable_ASCII_without_spaces(string key, bool valid)
    {
        Assert.Equal(valid, IdempotencyKeys.IsValid(key));
    }

    [Fact]
    public void Keys_longer_than_255_characters_are_refused()
    {
        Assert.True(IdempotencyKeys.IsValid(new string('k', 255)));
        Assert.False(IdempotencyKeys.IsValid(new string('k', 256)));
    }

    [Fact]
    public void A_checksum_is_part_of_the_fingerprint_and_its_absence_keeps_older_fingerprints()
    {
        var without = RequestFingerprint.Of(Command("p1", new FileToUpload("a.jpg", "image/jpeg", 10)));
        var with = RequestFingerprint.Of(Command("p1", new FileToUpload("a.jpg", "image/jpeg", 10, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")));

        Assert.NotEqual(without, with);
        Assert.Equal(without, RequestFingerprint.Of(Command("p1", new FileToUpload("a.jpg", "image/jpeg", 10, null))));
    }
}
