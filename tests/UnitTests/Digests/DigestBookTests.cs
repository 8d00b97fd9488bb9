using BuildPeer.Grains.Digests;
using static BuildPeer.UnitTests.Digests.DigestItems;

namespace BuildPeer.UnitTests.Digests;

public class DigestBookTests
{
    private const string Address = "alice@example.com";
    private readonly DigestState _state = new();

    private DigestBook Book => new(_state);

    [Fact]
    public void A_notification_is_pending_once_however_often_it_arrives()
    {
        var item = Item("site.jpg");

        Assert.True(Book.Add(item, Address));
        Assert.False(Book.Add(item, Address));

        Assert.Equal([item.NotificationId], _state.Pending.Keys);
    }

    [Fact]
    public void A_notification_being_sent_or_already_mailed_is_a_repeat()
    {
        var sent = Item("sent.jpg");
        var sending = Item("sending.jpg");
        Book.Add(sent, Address);
        Book.Complete(Book.StartAttempt(Guid.NewGuid(), Noon)!, Noon, TimeSpan.FromDays(2));
        Book.Add(sending, Address);
        Book.StartAttempt(Guid.NewGuid(), Noon);

        Assert.False(Book.Add(sent, Address));
        Assert.False(Book.Add(sending, Address));
        Assert.Empty(_state.Pending);
    }

    [Fact]
    public void Nothing_pending_means_no_digest()
    {
        Assert.False(Book.HasWork);
        Assert.Null(Book.StartAttempt(Guid.NewGuid(), Noon));
    }

    [Fact]
    public void A_digest_is_frozen_with_what_was_pending_in_the_order_it_finished()
    {
        var later = Item("later.jpg", minute: 5);
        var earlier = Item("earlier.jpg", minute: 1);
        Book.Add(later, Address);
        Book.Add(earlier, Address);
        var digestId = Guid.NewGuid();

        var batch = Book.StartAttempt(digestId, Noon)!;

        Assert.Equal((digestId, Address, Noon, 1), (batch.DigestId, batch.Address, batch.FrozenAt, batch.Attempts));
        Assert.Equal([earlier, later], batch.Items);
        Assert.Empty(_state.Pending);
        Assert.Equal(batch, _state.Sending);
    }

    [Fact]
    public void An_unconfirmed_digest_is_sent_again_unchanged_and_newer_items_wait_for_the_next()
    {
        var first = Item("first.jpg");
        Book.Add(first, Address);
        var attempt1 = Book.StartAttempt(Guid.NewGuid(), Noon)!;
        var newer = Item("newer.jpg", minute: 10);
        Book.Add(newer, "alice@new.example.com");

        var attempt2 = Book.StartAttempt(Guid.NewGuid(), Noon.AddHours(1))!;

        Assert.Equal((attempt1.DigestId, attempt1.Address, attempt1.FrozenAt), (attempt2.DigestId, attempt2.Address, attempt2.FrozenAt));
        Assert.Equal([first], attempt2.Items);
        Assert.Equal(2, attempt2.Attempts);
        Assert.Equal([newer.NotificationId], _state.Pending.Keys);
    }

    [Fact]
    public void Completing_a_digest_marks_exactly_its_items_as_mailed_and_forgets_old_ones()
    {
        _state.Sent["long-ago:1"] = Noon.AddDays(-3);
        var mailed = Item("mailed.jpg");
        Book.Add(mailed, Address);
        var batch = Book.StartAttempt(Guid.NewGuid(), Noon)!;
        var waiting = Item("waiting.jpg", minute: 1);
        Book.Add(waiting, Address);

        Book.Complete(batch, Noon.AddMinutes(2), TimeSpan.FromDays(2));

        Assert.Null(_state.Sending);
        Assert.Equal([mailed.NotificationId], _state.Sent.Keys);
        Assert.Equal([waiting.NotificationId], _state.Pending.Keys);
        Assert.True(Book.HasWork);
    }

    [Fact]
    public void A_digest_refused_outright_goes_back_to_pending_and_the_next_one_goes_to_the_newest_address()
    {
        var refused = Item("refused.jpg");
        Book.Add(refused, Address);
        var batch = Book.StartAttempt(Guid.NewGuid(), Noon)!;
        var newer = Item("newer.jpg", minute: 1);
        Book.Add(newer, "alice@fixed.example.com");

        Book.Release(batch);
        var next = Book.StartAttempt(Guid.NewGuid(), Noon.AddHours(1))!;

        Assert.NotEqual(batch.DigestId, next.DigestId);
        Assert.Equal("alice@fixed.example.com", next.Address);
        Assert.Equal([refused, newer], next.Items);
        Assert.Empty(_state.Sent);
    }

    [Fact]
    public void Only_the_digest_being_sent_can_be_completed()
    {
        Book.Add(Item("a.jpg"), Address);
        var batch = Book.StartAttempt(Guid.NewGuid(), Noon)!;

        Assert.Throws<InvalidOperationException>(() => Book.Complete(batch with { DigestId = Guid.NewGuid() }, Noon, TimeSpan.FromDays(1)));
    }
}
