using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.Grains.Uploads.Processing;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Links;

/// <summary>
/// Every URL an upload hands out, signed when asked so none outlives its use: where to send the bytes while PENDING,
/// and short-lived read links once COMPLETED (only then).
/// </summary>
public sealed class UploadLinks(
    IUploadUrlSigner urlSigner,
    IMultipartStorage multipart,
    IOptions<ProcessingOptions> processingOptions,
    TimeProvider time)
{
    public async Task<UploadTicket> IssueTicketAsync(Guid uploadId, UploadState upload)
    {
        var registration = upload.Registration!;
        var expiresAt = upload.UrlExpiresAt;
        if (upload.Method == UploadMethod.Put)
        {
            var put = await urlSigner.SignPutAsync(upload.S3Key, registration.ContentType, registration.Size, expiresAt);
            return new UploadTicket(uploadId, registration.FileName, registration.Size, UploadMethod.Put, put.Url, expiresAt,
                Headers: put.Headers);
        }

        // Parts take no content type and no condition (S3's complete carries the If-None-Match), only their length.
        var parts = await SignPartsAsync(upload, MultipartPlan.For(registration.Size, upload.PartSize).PartNumbers);
        return new UploadTicket(uploadId, registration.FileName, registration.Size, UploadMethod.Multipart, null, expiresAt,
            upload.S3UploadId, upload.PartSize, parts, new Dictionary<string, string>());
    }

    public async Task<IReadOnlyList<PartUrl>> SignPartsAsync(UploadState upload, IEnumerable<int> partNumbers)
    {
        var plan = MultipartPlan.For(upload.Registration!.Size, upload.PartSize);
        var signed = await multipart.SignPartsAsync(upload.S3Key, upload.S3UploadId!, partNumbers.Select(plan.Part), upload.UrlExpiresAt);
        return [.. signed.Select(part => new PartUrl(part.PartNumber, part.Url))];
    }

    /// <summary>The thumbnail (or PDF preview) and download links of a COMPLETED upload; none otherwise.</summary>
    public async Task<ReadLinks> ReadLinksAsync(UploadState upload)
    {
        if (upload.Status != UploadStatus.Completed)
        {
            return ReadLinks.None;
        }

        var expiresAt = time.GetUtcNow() + processingOptions.Value.ReadUrlLifetime;
        var thumbnailKey = upload.Result?.Thumbnail800Key ?? upload.Result?.PreviewKey;
        var thumbnail = thumbnailKey is null ? null : await urlSigner.SignGetAsync(thumbnailKey, expiresAt);
        var download = await urlSigner.SignGetAsync(upload.S3Key, expiresAt, upload.Registration!.FileName);
        // OriginalString: Uri.ToString() unescapes (%20 back to a space), which would break the URL.
        return new ReadLinks(thumbnail?.OriginalString, download.OriginalString);
    }
}

public sealed record ReadLinks(string? Thumbnail, string? Download)
{
    public static readonly ReadLinks None = new(null, null);
}
