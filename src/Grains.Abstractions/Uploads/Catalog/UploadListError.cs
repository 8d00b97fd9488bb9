using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.Grains.Abstractions.Uploads.Catalog;

/// <summary>Why a listing request was refused; <see cref="Code"/> is <see cref="Errors.ErrorCodes.InvalidCursor"/>, <see cref="Errors.ErrorCodes.InvalidLimit"/> or <see cref="Errors.ErrorCodes.InvalidStatus"/>.</summary>
public sealed record UploadListError(string Code, string Detail);
