using BuildPeer.Grains.Projects;

namespace BuildPeer.UnitTests.Digests;

public class MemberEmailTests
{
    [Theory]
    [InlineData("alice@example.com", "alice@example.com")]
    [InlineData("  alice@example.com ", "alice@example.com")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_plain_address_is_kept_trimmed_and_an_empty_one_means_none(string? email, string? expected)
    {
        Assert.True(MemberEmail.TryNormalize(email, out var address));
        Assert.Equal(expected, address);
    }

    [Theory]
    [InlineData("Alice <alice@example.com>")]
    [InlineData("alice")]
    [InlineData("alice@example.com, bob@example.com")]
    [InlineData("alice@example.com\r\nBcc: eve@example.com")]
    public void Anything_but_one_plain_address_is_refused(string email)
    {
        Assert.False(MemberEmail.TryNormalize(email, out _));
    }
}
