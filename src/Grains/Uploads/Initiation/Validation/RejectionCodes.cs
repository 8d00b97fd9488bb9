namespace BuildPeer.Grains.Uploads.Initiation.Validation;

/// <summary>Stable, machine-readable reasons a file is refused at initiate. Clients switch on these: never rename.</summary>
public static class RejectionCodes
{
    public const string FileEmpty = "file_empty";
    public const string FileTooLarge = "file_too_large";
    public const string FileNameInvalid = "file_name_invalid";
    public const string FileTypeNotAllowed = "file_type_not_allowed";
    public const string ContentTypeNotAllowed = "content_type_not_allowed";
    public const string ContentTypeMismatch = "content_type_mismatch";
    public const string ChecksumInvalid = "checksum_invalid";
    public const string TooManyFiles = "too_many_files";
    public const string NoFiles = "no_files";
    public const string ProjectIdInvalid = "project_id_invalid";
    public const string TenantIdInvalid = "tenant_id_invalid";
}
