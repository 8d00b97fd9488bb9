namespace BuildPeer.Grains.Storage;

/// <summary>Grants a client time-limited permission to write one object, without the service touching the bytes.</summary>
public interface IUploadUrlSigner
{
    /// <summary>A URL for one PUT of <paramref name="key"/>; the client must send exactly <paramref name="contentType"/>.</summary>
    Task<Uri> SignPutAsync(string key, string contentType, DateTimeOffset expiresAt);
}
