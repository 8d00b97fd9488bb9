using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Uploads.Lifecycle;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads.Quota;

/// <summary>An upload's side of its project's quota: the bytes it reserved at initiate, settled when it ends.</summary>
public sealed partial class UploadQuota(IGrainFactory grains, ILogger<UploadQuota> logger)
{
    /// <summary>Reserves the bytes again (a FAILED upload processed again); null when granted, else the refusal.</summary>
    public async Task<ReservationResult?> ReserveAsync(Guid uploadId, UploadState upload, long bytes)
    {
        var reservation = await Project(upload).ReserveAsync([new Reservation(uploadId, bytes)]);
        return reservation.Granted ? null : reservation;
    }

    /// <summary>If the call is lost the project's own reconciliation settles the quota later, so a failure is only logged.</summary>
    public async Task SettleAsync(Guid uploadId, UploadState upload, SettleQuota settle)
    {
        var project = Project(upload);
        try
        {
            await (settle.Settlement switch
            {
                QuotaSettlement.Commit => project.CommitAsync(uploadId, settle.Bytes),
                QuotaSettlement.Reopen => project.ReopenAsync(uploadId, settle.Bytes),
                _ => project.ReleaseAsync(uploadId),
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSettleFailed(exception, uploadId, settle.Settlement);
        }
    }

    private IProjectGrain Project(UploadState upload) =>
        grains.GetGrain<IProjectGrain>(ProjectKey.Of(upload.Registration!.TenantId, upload.Registration.ProjectId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} could not settle its project's quota ({Settlement}); reconciliation will")]
    private partial void LogSettleFailed(Exception exception, Guid uploadId, QuotaSettlement settlement);
}
