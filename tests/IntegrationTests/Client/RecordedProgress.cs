using BuildPeer.Client;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>The progress a client reported, kept in order (reports are made synchronously, in order).</summary>
public sealed class RecordedProgress : IProgress<UploadProgress>
{
    private readonly List<UploadProgress> _reports = [];

    public Action<UploadProgress>? OnReport { get; init; }

    public IReadOnlyList<UploadProgress> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(UploadProgress value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }

        OnReport?.Invoke(value);
    }
}
