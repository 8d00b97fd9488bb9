using BuildPeer.Grains.Abstractions.Projects;

namespace BuildPeer.UnitTests.Uploads;

public class ResourceIdTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("tower-7")]
    [InlineData("a")]
    [InlineData("7")]
    [InlineData("p-0123456789abcdef01234")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void Lowercase_letters_digits_and_inner_hyphens_up_to_63_are_ids(string id)
    {
        Assert.True(ResourceId.IsValid(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("Acme")]
    [InlineData("ac_me")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("acme\n")]
    [InlineData("a%2Fb")]
    [InlineData("ñandu")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Anything_else_is_not(string id)
    {
        Assert.False(ResourceId.IsValid(id));
    }

    [Fact]
    public void A_project_key_never_holds_an_id_with_a_slash()
    {
        Assert.Throws<ArgumentException>(() => ProjectKey.Of("acme", "other/tower-7"));
        Assert.Throws<ArgumentException>(() => ProjectKey.Of("acme/other", "tower-7"));
    }

    [Fact]
    public void A_project_key_parses_back_and_nothing_else_does()
    {
        Assert.Equal(("acme", "tower-7"), ProjectKey.Parse(ProjectKey.Of("acme", "tower-7")));
        Assert.Throws<ArgumentException>(() => ProjectKey.Parse("acme/a/b"));
        Assert.Throws<ArgumentException>(() => ProjectKey.Parse("acme"));
    }
}
