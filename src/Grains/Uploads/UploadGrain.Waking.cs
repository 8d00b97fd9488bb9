using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Processing.Recovery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// Waiting out a retry backoff, the upload is listed with the silo's <see cref="WaitingUploads"/>, which wakes it
/// as soon as a dependency that was down answers again: work resumes seconds after an outage, not at the end of a
/// backoff that grew while the outage lasted.
/// </summary>
public sealed partial class UploadGrain
{
    private WaitingUploads Waiting => ServiceProvider.GetRequiredService<WaitingUploads>();

    public Task WakeAsync()
    {
        Waiting.Remove(UploadId);
        if (!state.RecordExists || _running is not null || Current.Status is not (UploadStatus.Uploaded or UploadStatus.Processing))
        {
            return Task.CompletedTask;
        }

        // Only memory: the attempt this starts makes the state durable before it runs.
        Current.NextAttemptAt = null;
        LogWoken(UploadId);
        ScheduleAttempt(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId}: its dependencies answer again; retrying now")]
    private partial void LogWoken(Guid uploadId);
}
