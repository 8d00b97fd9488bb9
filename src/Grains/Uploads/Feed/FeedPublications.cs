using System.Collections.Concurrent;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads.Feed;

/// <summary>
/// Carries this silo's upload changes to their projects' feeds, many in one call: a project's changes queue in the
/// order they were written, one call to its feed is in flight at a time, and what arrives meanwhile goes in the
/// next. (One call per change made every initiate two feed calls, one per file, all to the same grain in a spike.)
/// The order matters: followers drop a version older than one they have seen, so UPLOADED overtaken by PROCESSING
/// would vanish from their streams. Nothing here fails the write that produced a change: a call that fails or hangs
/// (the feed's silo lost) is logged and the queue moves on, and followers make up what they missed when they resync.
/// </summary>
public sealed partial class FeedPublications
{
    internal const int MaxChangesPerCall = 256;

    /// <summary>A feed that does not answer must not hold a project's changes in memory without end.</summary>
    internal const int MaxQueuedPerProject = 10_000;

    internal static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, ProjectQueue> _projects = new();
    private readonly Func<string, IReadOnlyList<UploadChanged>, Task> _send;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public FeedPublications(IGrainFactory grains, TimeProvider time, ILogger<FeedPublications> logger)
        : this((projectKey, changes) => grains.GetGrain<IProjectFeedGrain>(projectKey).PublishManyAsync(changes), time, logger)
    {
    }

    internal FeedPublications(Func<string, IReadOnlyList<UploadChanged>, Task> send, TimeProvider time, ILogger logger)
    {
        _send = send;
        _time = time;
        _logger = logger;
    }

    /// <summary>Projects with changes queued or in flight.</summary>
    internal int ProjectsQueued => _projects.Count;

    /// <summary>Queues <paramref name="change"/> behind the earlier changes of its project; returns at once.</summary>
    public void Publish(UploadChanged change)
    {
        var key = ProjectKey.Of(change.TenantId, change.ProjectId);
        while (true)
        {
            var queue = _projects.GetOrAdd(key, static projectKey => new ProjectQueue(projectKey));
            bool start;
            lock (queue)
            {
                if (queue.Retired)
                {
                    // Its sender just found it empty and let it go; a fresh queue takes this change.
                    continue;
                }

                if (queue.Pending.Count == MaxQueuedPerProject)
                {
                    queue.Pending.Dequeue();
                    queue.Dropped++;
                }

                queue.Pending.Enqueue(change);
                start = !queue.Sending;
                queue.Sending = true;
            }

            if (start)
            {
                // Off the calling grain's scheduler: the queue outlives the activation that started it.
                _ = Task.Run(() => SendAsync(queue));
            }

            return;
        }
    }

    private async Task SendAsync(ProjectQueue queue)
    {
        while (TakeBatch(queue) is { } batch)
        {
            try
            {
                await _send(queue.Key, batch).WaitAsync(CallTimeout, _time);
            }
            catch (Exception exception)
            {
                LogPublishFailed(exception, queue.Key, batch.Count);
            }
        }
    }

    /// <summary>The next changes to send, or null once the queue is empty (it is then retired).</summary>
    private List<UploadChanged>? TakeBatch(ProjectQueue queue)
    {
        lock (queue)
        {
            if (queue.Dropped > 0)
            {
                LogDropped(queue.Key, queue.Dropped);
                queue.Dropped = 0;
            }

            if (queue.Pending.Count == 0)
            {
                queue.Sending = false;
                queue.Retired = true;
                _projects.TryRemove(new KeyValuePair<string, ProjectQueue>(queue.Key, queue));
                return null;
            }

            var batch = new List<UploadChanged>(Math.Min(queue.Pending.Count, MaxChangesPerCall));
            while (batch.Count < MaxChangesPerCall && queue.Pending.TryDequeue(out var change))
            {
                batch.Add(change);
            }

            return batch;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Passing {Count} upload changes to the feed of project {ProjectKey} failed; its followers catch up when they resync")]
    private partial void LogPublishFailed(Exception exception, string projectKey, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The feed of project {ProjectKey} fell behind: its {Count} oldest queued changes were dropped; its followers catch up when they resync")]
    private partial void LogDropped(string projectKey, int count);

    private sealed class ProjectQueue(string key)
    {
        public string Key { get; } = key;

        public Queue<UploadChanged> Pending { get; } = new();

        public bool Sending { get; set; }

        /// <summary>Removed from the map: a change that still finds it must take a new queue.</summary>
        public bool Retired { get; set; }

        public int Dropped { get; set; }
    }
}
