namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>Either every file was accepted (<see cref="Tickets"/>) or none was (<see cref="Rejections"/>).</summary>
[GenerateSerializer, Immutable, Alias("uploads.InitiateUploadsResult")]
public sealed record InitiateUploadsResult(
    [property: Id(0)] IReadOnlyList<UploadTicket> Tickets,
    [property: Id(1)] IReadOnlyList<FileRejection> Rejections)
{
    public bool Accepted => Rejections.Count == 0;

    public static InitiateUploadsResult Accept(IReadOnlyList<UploadTicket> tickets) => new(tickets, []);

    public static InitiateUploadsResult Reject(IReadOnlyList<FileRejection> rejections) => new([], rejections);
}
