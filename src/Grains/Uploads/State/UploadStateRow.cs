using BuildPeer.Grains.Uploads.Records;

namespace BuildPeer.Grains.Uploads.State;

/// <summary>
/// One grain's write: its serialized state, the version it was read at (null: create the row), and the
/// <c>uploads</c> row it projects to (null for a state without a registration, which has nothing to show).
/// </summary>
public sealed record UploadStateRow(Guid Id, int? ExpectedVersion, byte[] Payload, UploadRecord? Record);
