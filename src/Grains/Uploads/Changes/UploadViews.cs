using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Grains.Uploads.Records;

namespace BuildPeer.Grains.Uploads.Changes;

/// <summary>The shapes an upload's state is shown in: the status view, a push change, the <c>uploads</c> row.</summary>
public static class UploadViews
{
    public static UploadStatusView ToStatusView(Guid uploadId, UploadState upload, ReadLinks links)
    {
        var registration = upload.Registration!;
        return new UploadStatusView(
            uploadId, registration.ProjectId, registration.FileName, upload.Status, registration.Size, upload.StoredSize,
            links.Thumbnail, upload.CreatedAt, upload.UploadedAt, upload.ProcessedAt, upload.Error,
            registration.ContentType, registration.UserId, upload.Method, upload.ETag, upload.UrlExpiresAt,
            upload.ErrorCode, links.Download, UploadMetadataDocument.Build(upload));
    }

    public static UploadChanged ToChange(Guid uploadId, UploadState upload, ReadLinks links)
    {
        var registration = upload.Registration!;
        return new UploadChanged(
            uploadId, registration.TenantId, registration.ProjectId, registration.FileName, upload.Status,
            links.Thumbnail, links.Download, upload.ProcessedAt, upload.ErrorCode, upload.Error, upload.Version,
            // States written before ChangedAt existed: the latest moment they record.
            upload.ChangedAt ?? upload.ProcessedAt ?? upload.UploadedAt ?? upload.CreatedAt);
    }

    public static UploadRecord ToRecord(Guid uploadId, UploadState upload)
    {
        var registration = upload.Registration!;
        return new UploadRecord(
            uploadId, registration.TenantId, registration.ProjectId, registration.UserId, registration.FileName, upload.S3Key,
            registration.ContentType, upload.StoredSize ?? registration.Size, upload.Status.ToWireName(), upload.Error,
            upload.ETag, upload.CreatedAt, upload.UploadedAt, upload.ProcessedAt, upload.Version,
            UploadMetadataDocument.Build(upload), upload.Result?.Sha256, upload.ErrorCode);
    }
}
