namespace BuildPeer.Grains.Uploads.Links;

/// <summary>Presigns the URLs clients use to reach storage directly; the service itself never carries file bytes.</summary>
public interface IUploadUrlSigner
{
    /// <summary>
    /// A URL that accepts exactly one PUT of the object: <paramref name="contentLength"/> bytes of
    /// <paramref name="contentType"/>, and only while no object has the key (see <see cref="WriteOnce"/>).
    /// </summary>
    Task<PresignedPut> SignPutAsync(string key, string contentType, long contentLength, DateTimeOffset expiresAt);

    /// <summary>
    /// A URL that reads the object until <paramref name="expiresAt"/>; with <paramref name="downloadFileName"/> the
    /// browser saves it under that name instead of showing it.
    /// </summary>
    Task<Uri> SignGetAsync(string key, DateTimeOffset expiresAt, string? downloadFileName = null);
}
