namespace BuildPeer.Grains.Uploads.Links.Multipart;

/// <summary>The object a multipart upload became, as S3 stored it: ETag unquoted (<c>&lt;hex&gt;-&lt;parts&gt;</c>), real size.</summary>
public sealed record CompletedObject(string ETag, long Size);
