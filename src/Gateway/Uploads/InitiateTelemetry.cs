using System.Diagnostics;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Gateway.Uploads;

/// <summary>The span and the measurements of one initiate request.</summary>
public sealed class InitiateTelemetry : IDisposable
{
    public const string Accepted = "accepted";
    public const string FilesRejected = ErrorCodes.FilesRejected;
    public const string QuotaExceeded = "quota_exceeded";
    public const string Refused = "refused";
    public const string Invalid = "invalid";

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Activity? _span;
    private string _outcome = Invalid;

    private InitiateTelemetry(string projectId, int files)
    {
        _span = InitiateMetrics.Source.StartActivity("upload.initiate");
        _span?.SetTag("project.id", projectId);
        _span?.SetTag("upload.files", files);
    }

    public static InitiateTelemetry Start(string? projectId, int files) => new(projectId ?? string.Empty, files);

    public void Record(InitiateUploadsResult result)
    {
        if (result.Accepted)
        {
            _outcome = Accepted;
            InitiateMetrics.FilesInitiated.Add(result.Tickets.Count);
            return;
        }

        // A rejection without a file index concerns the whole request (project, permission, quota).
        if (result.Rejections is [{ Index: < 0 } whole])
        {
            var quota = whole.Code is ErrorCodes.QuotaBytesExceeded or ErrorCodes.QuotaFilesExceeded
                or ErrorCodes.QuotaInFlightExceeded;
            _outcome = quota ? QuotaExceeded : Refused;
            if (quota)
            {
                InitiateMetrics.QuotaRejections.Add(1, new KeyValuePair<string, object?>(InitiateMetrics.CodeTag, whole.Code));
            }

            _span?.SetTag("error.code", whole.Code);
            return;
        }

        _outcome = FilesRejected;
        foreach (var rejection in result.Rejections)
        {
            InitiateMetrics.FilesRejected.Add(1, new KeyValuePair<string, object?>(InitiateMetrics.CodeTag, rejection.Code));
        }
    }

    public void Dispose()
    {
        var outcome = new KeyValuePair<string, object?>(InitiateMetrics.OutcomeTag, _outcome);
        InitiateMetrics.InitiateRequests.Add(1, outcome);
        InitiateMetrics.InitiateDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, outcome);
        _span?.SetTag("upload.outcome", _outcome);
        _span?.Dispose();
    }
}
