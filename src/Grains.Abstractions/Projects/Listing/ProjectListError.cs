namespace BuildPeer.Grains.Abstractions.Projects.Listing;

/// <summary>Why a project listing request was refused: <see cref="Errors.ErrorCodes.InvalidSearch"/>, <see cref="Errors.ErrorCodes.InvalidLimit"/> or <see cref="Errors.ErrorCodes.InvalidCursor"/>.</summary>
public sealed record ProjectListError(string Code, string Detail);
