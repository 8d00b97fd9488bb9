using Orleans.Concurrency;

namespace BuildPeer.Grains.Abstractions.Uploads.Feed;

/// <summary>What a gateway process exposes to the project feeds it follows: one observer per process.</summary>
[Alias("uploads.feed.IUploadFeedObserver")]
public interface IUploadFeedObserver : IGrainObserver
{
    /// <summary>An upload of a followed project changed. One-way: a slow or gone gateway never holds a feed up.</summary>
    [Alias("OnUploadChanged"), OneWay]
    Task OnUploadChangedAsync(UploadChanged change);

    /// <summary>
    /// The feed of <paramref name="projectKey"/> is going away (its silo shuts down): subscribe again now, to the
    /// activation that replaces it, instead of at the next renewal.
    /// </summary>
    [Alias("OnFeedClosing"), OneWay]
    Task OnFeedClosingAsync(string projectKey);
}
