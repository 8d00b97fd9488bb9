namespace BuildPeer.Grains.Abstractions.Uploads.Catalog;

/// <summary>Why a listing request was refused; <see cref="Code"/> is one of <see cref="UploadListErrorCodes"/>.</summary>
public sealed record UploadListError(string Code, string Detail);

/// <summary>The stable codes of a refused listing request. Clients switch on these.</summary>
public static class UploadListErrorCodes
{
    public const string InvalidCursor = "invalid_cursor";
    public const string InvalidLimit = "invalid_limit";
    public const string InvalidStatus = "invalid_status";
}
