namespace BuildPeer.Grains.Uploads.Links.Multipart;

public enum MultipartCompletionOutcome
{
    /// <summary>This call completed the upload.</summary>
    Completed,

    /// <summary>
    /// An earlier call did (S3 no longer knows the upload id, and the object is there with a multipart ETag of as
    /// many parts): a client retrying after a timeout gets the object instead of an error.
    /// </summary>
    AlreadyCompleted,

    /// <summary>S3 refused the part list (a part not uploaded, a wrong ETag, a part listed twice, a part too small).</summary>
    InvalidParts,

    /// <summary>S3 does not know the upload id and no object completed from it is there: it was aborted.</summary>
    UploadNotFound,
}
