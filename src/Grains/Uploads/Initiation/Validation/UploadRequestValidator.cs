using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Naming;

namespace BuildPeer.Grains.Uploads.Initiation.Validation;

/// <summary>
/// Checks every file of a request before anything is reserved or created, so a client learns all that is wrong at
/// once and a refused request leaves nothing behind.
/// </summary>
public sealed class UploadRequestValidator(UploadOptions options)
{
    /// <summary>Checks what can be checked before the project is consulted: the ids that become key segments.</summary>
    public static FileRejection? ValidateIds(InitiateUploadsCommand command)
    {
        if (!ResourceId.IsValid(command.TenantId))
        {
            return new FileRejection(-1, string.Empty, ErrorCodes.TenantIdInvalid,
                $"The tenant id must be {ResourceId.Rule}.");
        }

        if (!ResourceId.IsValid(command.ProjectId))
        {
            return new FileRejection(-1, string.Empty, ErrorCodes.ProjectIdInvalid,
                $"The project id must be {ResourceId.Rule}.");
        }

        return null;
    }

    /// <summary>Checks the files against the service's rules and the project's per-file limit.</summary>
    public IReadOnlyList<FileRejection> ValidateFiles(InitiateUploadsCommand command, long maxFileSizeBytes)
    {
        if (command.Files.Count == 0)
        {
            return [new FileRejection(-1, string.Empty, ErrorCodes.NoFiles, "The request names no files.")];
        }

        if (command.Files.Count > options.MaxFilesPerRequest)
        {
            return [new FileRejection(-1, string.Empty, ErrorCodes.TooManyFiles,
                $"At most {options.MaxFilesPerRequest} files can be initiated in one request; this one has {command.Files.Count}.")];
        }

        var rejections = new List<FileRejection>();
        for (var index = 0; index < command.Files.Count; index++)
        {
            if (ValidateFile(command.Files[index], maxFileSizeBytes) is { } problem)
            {
                rejections.Add(new FileRejection(index, command.Files[index].FileName ?? string.Empty, problem.Code, problem.Detail));
            }
        }

        return rejections;
    }

    private (string Code, string Detail)? ValidateFile(FileToUpload file, long maxFileSizeBytes)
    {
        if (string.IsNullOrWhiteSpace(file.FileName) || file.FileName.Length > options.MaxFileNameLength)
        {
            return (ErrorCodes.FileNameInvalid,
                $"A file name must be 1-{options.MaxFileNameLength} characters long.");
        }

        if (FileNameCharacters.FindForbidden(file.FileName) is { } forbidden)
        {
            return (ErrorCodes.FileNameInvalid,
                $"The file name holds {forbidden.CodePoint} at position {forbidden.Index}: control, bidirectional and invisible format characters are not accepted.");
        }

        if (file.Size <= 0)
        {
            return (ErrorCodes.FileEmpty, "The declared size must be greater than zero.");
        }

        if (file.Size > maxFileSizeBytes)
        {
            return (ErrorCodes.FileTooLarge,
                $"The file is {file.Size} bytes; this project's limit is {maxFileSizeBytes} bytes.");
        }

        if (file.Size > options.MaxFileSizeBytes)
        {
            return (ErrorCodes.FileTooLarge,
                $"The file is {file.Size} bytes; the service takes files of up to {options.MaxFileSizeBytes} bytes.");
        }

        var extension = FileTypeCatalog.ExtensionOf(file.FileName);
        if (!FileTypeCatalog.IsAllowedExtension(extension))
        {
            return (ErrorCodes.FileTypeNotAllowed,
                $"'.{extension}' files are not accepted; allowed: {string.Join(", ", FileTypeCatalog.AllowedExtensions)}.");
        }

        var contentType = FileTypeCatalog.NormalizeContentType(file.ContentType ?? string.Empty);
        if (!FileTypeCatalog.IsAllowedContentType(contentType))
        {
            return (ErrorCodes.ContentTypeNotAllowed, $"The content type '{file.ContentType}' is not accepted.");
        }

        if (!FileTypeCatalog.Matches(extension, contentType))
        {
            return (ErrorCodes.ContentTypeMismatch,
                $"A '.{extension}' file cannot have the content type '{contentType}'.");
        }

        if (file.ChecksumSha256 is not null && !Sha256Checksum.IsWellFormed(file.ChecksumSha256))
        {
            return (ErrorCodes.ChecksumInvalid,
                "checksumSha256 must be the base64 of a 32-byte SHA-256 digest, as S3's x-amz-checksum-sha256.");
        }

        return null;
    }
}
