namespace BuildPeer.Grains.Uploads.Links;

/// <summary>
/// Upload objects are written once: every PUT URL signs <c>If-None-Match: *</c> (S3's conditional write), so a
/// second PUT to the same URL, a retry included, is refused with 412 instead of replacing bytes already scanned.
/// </summary>
public static class WriteOnce
{
    public const string IfNoneMatchHeader = "If-None-Match";

    /// <summary>"Only if no object has this key."</summary>
    public const string NoObject = "*";

    public const string ContentTypeHeader = "Content-Type";
}
