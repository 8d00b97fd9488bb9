using BuildPeer.Gateway.Push.Hubs;

namespace BuildPeer.UnitTests.Push;

public class HubJoinsTests
{
    private readonly HubJoins<object> _joins = new(max: 2);

    [Fact]
    public void Past_the_cap_a_join_is_refused_until_one_is_left()
    {
        Assert.Equal(JoinOutcome.Joined, _joins.Reserve("project:a"));
        Assert.Equal(JoinOutcome.Joined, _joins.Reserve("upload:b"));
        Assert.Equal(JoinOutcome.TooMany, _joins.Reserve("project:c"));

        _joins.Remove("project:a");

        Assert.Equal(JoinOutcome.Joined, _joins.Reserve("project:c"));
    }

    [Fact]
    public void Joining_again_what_is_joined_is_no_new_membership_even_at_the_cap()
    {
        _joins.Reserve("project:a");
        _joins.Reserve("project:b");

        Assert.Equal(JoinOutcome.AlreadyJoined, _joins.Reserve("project:a"));
        Assert.Equal(2, _joins.Count);
    }

    [Fact]
    public void A_late_removal_of_an_old_membership_leaves_the_newer_one_of_the_same_key()
    {
        var old = new object();
        var newer = new object();
        _joins.Reserve("project:a");
        _joins.Set("project:a", old);
        Assert.Same(old, _joins.Remove("project:a"));
        _joins.Reserve("project:a");
        _joins.Set("project:a", newer);

        Assert.False(_joins.Remove("project:a", old));
        Assert.True(_joins.Remove("project:a", newer));
        Assert.Equal(0, _joins.Count);
    }

    [Fact]
    public void At_the_end_every_membership_set_up_is_handed_back()
    {
        var set = new object();
        _joins.Reserve("project:a");
        _joins.Set("project:a", set);
        _joins.Reserve("project:b");

        Assert.Equal([set], _joins.RemoveAll());
        Assert.Equal(0, _joins.Count);
    }
}
