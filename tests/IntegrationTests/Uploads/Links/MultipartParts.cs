using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads.Links;

/// <summary>What S3 itself holds of an unfinished multipart upload, read past the code under test.</summary>
internal static class MultipartParts
{
    /// <summary>The part numbers S3 holds (first page); null when S3 no longer knows the upload.</summary>
    public static async Task<IReadOnlyList<int>?> ListAsync(IAmazonS3 s3, string key, string uploadId)
    {
        try
        {
            var page = await s3.ListPartsAsync(new ListPartsRequest { BucketName = LocalStack.BucketName, Key = key, UploadId = uploadId });
            return (page.Parts ?? []).Select(part => part.PartNumber.GetValueOrDefault()).ToList();
        }
        catch (AmazonS3Exception exception) when (exception.ErrorCode == "NoSuchUpload")
        {
            return null;
        }
    }
}
