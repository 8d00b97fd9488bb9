using BuildPeer.Grains.Abstractions.Digests;

namespace BuildPeer.Grains.Digests;

/// <summary>
/// The rules of one recipient's <see cref="DigestState"/>, without I/O: a notification is listed at most once
/// (pending, being sent, or mailed lately); a digest is frozen before it is sent and resent unchanged until a send is
/// confirmed; only then are exactly its items marked as mailed.
/// </summary>
public sealed class DigestBook(DigestState state)
{
    /// <summary>Something waits to be mailed.</summary>
    public bool HasWork => state.Pending.Count > 0 || state.Sending is not null;

    /// <summary>Adds <paramref name="item"/> for <paramref name="address"/>; false (and no change) for a repeat.</summary>
    public bool Add(DigestItem item, string address)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (Knows(item.NotificationId))
        {
            return false;
        }

        state.Pending[item.NotificationId] = item;
        state.Address = address;
        return true;
    }

    /// <summary>
    /// The digest to send now, its attempt counted: the frozen one if a send of it is unconfirmed, else the pending
    /// items frozen under <paramref name="newDigestId"/>. Null when there is nothing to send.
    /// </summary>
    public DigestBatch? StartAttempt(Guid newDigestId, DateTimeOffset now)
    {
        var batch = state.Sending;
        if (batch is null)
        {
            if (state.Pending.Count == 0 || state.Address is null)
            {
                return null;
            }

            batch = new DigestBatch(newDigestId, state.Address, now,
                [.. state.Pending.Values.OrderBy(item => item.OccurredAt).ThenBy(item => item.NotificationId, StringComparer.Ordinal)], 0);
            state.Pending.Clear();
        }

        state.Sending = batch with { Attempts = batch.Attempts + 1 };
        return state.Sending;
    }

    /// <summary>
    /// The server refused <paramref name="batch"/> before taking any of it (sender or recipient refused): it was not
    /// delivered, so its items go back to the pending ones, for a digest to the then current address.
    /// </summary>
    public void Release(DigestBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        EnsureSending(batch);
        foreach (var item in batch.Items)
        {
            state.Pending[item.NotificationId] = item;
        }

        state.Sending = null;
    }

    /// <summary>The server accepted <paramref name="batch"/>: its items are mailed; old memories are let go.</summary>
    public void Complete(DigestBatch batch, DateTimeOffset now, TimeSpan rememberFor)
    {
        ArgumentNullException.ThrowIfNull(batch);
        EnsureSending(batch);
        foreach (var item in batch.Items)
        {
            state.Sent[item.NotificationId] = now;
        }

        state.Sending = null;
        var cutoff = now - rememberFor;
        foreach (var (notificationId, _) in state.Sent.Where(sent => sent.Value < cutoff).ToList())
        {
            state.Sent.Remove(notificationId);
        }
    }

    private void EnsureSending(DigestBatch batch)
    {
        if (state.Sending?.DigestId != batch.DigestId)
        {
            throw new InvalidOperationException($"Digest {batch.DigestId} is not the one being sent.");
        }
    }

    private bool Knows(string notificationId) =>
        state.Pending.ContainsKey(notificationId)
        || state.Sent.ContainsKey(notificationId)
        || state.Sending?.Items.Any(item => item.NotificationId == notificationId) == true;
}
