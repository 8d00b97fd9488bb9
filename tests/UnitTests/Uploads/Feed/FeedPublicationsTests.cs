using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using BuildPeer.Grains.Uploads.Feed;
using BuildPeer.UnitTests.Push;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.UnitTests.Uploads.Feed;

public class FeedPublicationsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(Changes.At);
    private readonly FeedRecorder _feeds = new();
    private readonly FeedPublications _publications;

    public FeedPublicationsTests() => _publications = new FeedPublications(_feeds.SendAsync, _time, NullLogger.Instance);

    [Fact]
    public async Task Changes_made_while_a_call_is_in_flight_go_together_in_the_next_in_the_order_they_were_made()
    {
        var hold = _feeds.HoldNextCall();
        _publications.Publish(Change(1));
        await _feeds.WaitForCallsAsync(1);
        for (var version = 2; version <= 5; version++)
        {
            _publications.Publish(Change(version));
        }

        hold.SetResult();
        var calls = await _feeds.WaitForCallsAsync(2);

        Assert.Equal([[1], [2, 3, 4, 5]], calls.Select(call => call.Changes.Select(change => change.Version).ToList()).ToList());
        Assert.All(calls, call => Assert.Equal(ProjectKey.Of("acme", "tower-7"), call.ProjectKey));
    }

    [Fact]
    public async Task A_project_whose_feed_is_slow_holds_up_no_other_project()
    {
        _feeds.HoldNextCall();
        _publications.Publish(Change(1, projectId: "slow"));
        await _feeds.WaitForCallsAsync(1);

        _publications.Publish(Change(1, projectId: "quick"));

        var calls = await _feeds.WaitForCallsAsync(2);
        Assert.Equal(ProjectKey.Of("acme", "quick"), calls[1].ProjectKey);
    }

    [Fact]
    public async Task A_failed_call_leaves_the_changes_behind_it_to_the_next()
    {
        _feeds.FailNextCall();
        _publications.Publish(Change(1));
        await _feeds.WaitForCallsAsync(1);

        _publications.Publish(Change(2));

        var calls = await _feeds.WaitForCallsAsync(2);
        Assert.Equal(2, calls[1].Changes.Single().Version);
    }

    [Fact]
    public async Task A_feed_that_never_answers_holds_its_project_for_the_call_timeout_only()
    {
        _feeds.HoldNextCall();
        _publications.Publish(Change(1));
        await _feeds.WaitForCallsAsync(1);
        _publications.Publish(Change(2));

        _time.Advance(FeedPublications.CallTimeout);

        var calls = await _feeds.WaitForCallsAsync(2);
        Assert.Equal(2, calls[1].Changes.Single().Version);
    }

    [Fact]
    public async Task Behind_a_feed_that_does_not_answer_only_the_newest_changes_are_kept()
    {
        var hold = _feeds.HoldNextCall();
        _publications.Publish(Change(0));
        await _feeds.WaitForCallsAsync(1);
        var queued = FeedPublications.MaxQueuedPerProject + 10;
        for (var version = 1; version <= queued; version++)
        {
            _publications.Publish(Change(version));
        }

        hold.SetResult();

        var expectedCalls = 1 + (int)Math.Ceiling(FeedPublications.MaxQueuedPerProject / (double)FeedPublications.MaxChangesPerCall);
        var sent = (await _feeds.WaitForCallsAsync(expectedCalls)).Skip(1).SelectMany(call => call.Changes).Select(change => change.Version).ToList();
        Assert.Equal(Enumerable.Range(11, FeedPublications.MaxQueuedPerProject), sent);
        Assert.All((await _feeds.WaitForCallsAsync(expectedCalls)).Skip(1), call => Assert.InRange(call.Changes.Count, 1, FeedPublications.MaxChangesPerCall));
    }

    [Fact]
    public async Task A_project_that_went_quiet_starts_a_new_queue_with_its_next_change()
    {
        _publications.Publish(Change(1));
        await _feeds.WaitForCallsAsync(1);
        Assert.True(SpinWait.SpinUntil(() => _publications.ProjectsQueued == 0, Patience), "the quiet project's queue was not let go");

        _publications.Publish(Change(2));

        var calls = await _feeds.WaitForCallsAsync(2);
        Assert.Equal(2, calls[1].Changes.Single().Version);
    }

    private static UploadChanged Change(int version, string projectId = "tower-7") =>
        Changes.Of(Guid.NewGuid(), version, projectId: projectId);

    private sealed record FeedCall(string ProjectKey, IReadOnlyList<UploadChanged> Changes);

    /// <summary>Stands in for the feed grains: records each call, and can hold or fail the next one.</summary>
    private sealed class FeedRecorder
    {
        private readonly Lock _gate = new();
        private readonly List<FeedCall> _calls = [];
        private TaskCompletionSource? _hold;
        private bool _fail;
        private readonly SemaphoreSlim _arrived = new(0);

        public TaskCompletionSource HoldNextCall()
        {
            var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _hold = hold;
            }

            return hold;
        }

        public void FailNextCall()
        {
            lock (_gate)
            {
                _fail = true;
            }
        }

        public Task SendAsync(string projectKey, IReadOnlyList<UploadChanged> changes)
        {
            TaskCompletionSource? hold;
            bool fail;
            lock (_gate)
            {
                _calls.Add(new FeedCall(projectKey, changes));
                (hold, _hold) = (_hold, null);
                (fail, _fail) = (_fail, false);
            }

            _arrived.Release();
            return Answer(hold, fail);
        }

        public async Task<IReadOnlyList<FeedCall>> WaitForCallsAsync(int count)
        {
            while (true)
            {
                lock (_gate)
                {
                    if (_calls.Count >= count)
                    {
                        return [.. _calls];
                    }
                }

                if (!await _arrived.WaitAsync(Patience))
                {
                    throw new TimeoutException($"Expected {count} feed calls within {Patience}.");
                }
            }
        }

        private static async Task Answer(TaskCompletionSource? hold, bool fail)
        {
            if (hold is not null)
            {
                await hold.Task;
            }

            if (fail)
            {
                throw new TimeoutException("The feed's silo is gone.");
            }
        }
    }
}
