namespace BuildPeer.Grains.Uploads.Links.Multipart;

/// <summary>Stable codes of <see cref="MultipartProblem"/>; the gateway puts them in its problem+json answers.</summary>
public static class MultipartProblemCodes
{
    /// <summary>The completion list does not name exactly the parts S3 holds (the client can fix it and retry).</summary>
    public const string InvalidParts = "invalid_parts";

    /// <summary>S3 no longer knows the multipart upload: it was aborted (or completed into another object).</summary>
    public const string UploadNotFound = "multipart_upload_not_found";
}
