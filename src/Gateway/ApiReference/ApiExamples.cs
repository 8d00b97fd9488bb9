using System.Text.Json;
using System.Text.Json.Nodes;
using BuildPeer.Gateway.Uploads;
using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.Gateway.ApiReference;

/// <summary>
/// Request and answer examples for the document, built from the wire types themselves (serialized as the API
/// serializes them), so an example cannot show a field the API does not have. Fixed values keep the committed
/// document stable.
/// </summary>
public static class ApiExamples
{
    private const string Storage = "http://127.0.0.1:4569/buildpeer-uploads/acme/tower-7";
    private static readonly Guid PhotoId = Guid.Parse("0b6f3c1e-5d2a-4e8f-9a71-3c4d5e6f7a80");
    private static readonly Guid PlansId = Guid.Parse("5e2d7a90-1c3b-4f6e-8d24-9b0a1c2d3e4f");
    private static readonly DateTimeOffset ExpiresAt = new(2026, 3, 2, 9, 15, 0, TimeSpan.Zero);

    public static JsonNode InitiateSingleRequest { get; } = Json(new InitiateRequest("tower-7",
        [new InitiateFile("site.jpg", "image/jpeg", 12_345)]));

    public static JsonNode InitiateMultipartRequest { get; } = Json(new InitiateRequest("tower-7",
        [new InitiateFile("plans.pdf", "application/pdf", 12_582_912, "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=")]));

    public static JsonNode InitiateSingleResponse { get; } = Json(new InitiateResponse(
    [
        new InitiatedUpload(PhotoId, "site.jpg", 12_345, "PUT", new Uri($"{Storage}/{PhotoId}/site.jpg?X-Amz-Signature=…"),
            null, null, null, ExpiresAt, new Dictionary<string, string> { ["Content-Type"] = "image/jpeg", ["If-None-Match"] = "*" }),
    ]));

    public static JsonNode InitiateMultipartResponse { get; } = Json(new InitiateResponse(
    [
        new InitiatedUpload(PlansId, "plans.pdf", 12_582_912, "MULTIPART", null, "2~Xy9fQm1", 5_242_880,
            [.. Enumerable.Range(1, 3).Select(part => new PartUrlResponse(part,
                new Uri($"{Storage}/{PlansId}/plans.pdf?partNumber={part}&uploadId=2~Xy9fQm1&X-Amz-Signature=…")))],
            ExpiresAt, new Dictionary<string, string>()),
    ]));

    public static JsonNode StatusPending { get; } = Json(new UploadStatusResponse(PhotoId, "PENDING", 0, null, null));

    public static JsonNode StatusCompleted { get; } = Json(new UploadStatusResponse(PhotoId, "COMPLETED", 100,
        $"{Storage}/{PhotoId}/thumbnail.jpg?X-Amz-Signature=…", new DateTimeOffset(2026, 3, 2, 9, 1, 12, TimeSpan.Zero)));

    public static JsonNode StatusFailed { get; } = Json(new UploadStatusResponse(PhotoId, "FAILED", 100, null,
        new DateTimeOffset(2026, 3, 2, 9, 1, 12, TimeSpan.Zero), ErrorCodes.SizeMismatch,
        "The stored object has 12000 bytes; 12345 were declared."));

    public static JsonNode CompleteRequest { get; } = Json(new CompleteRequest(
        [.. Enumerable.Range(1, 3).Select(part => new CompletedPartRequest(part, $"\"9b2cf535f27731c974343645a398{part:D4}\""))]));

    public static JsonNode CompleteResponse { get; } = Json(new UploadStatusResponse(PlansId, "UPLOADED", 50, null, null));

    public static JsonNode FilesRejected { get; } = Problem(422, ErrorCodes.FilesRejected,
        "Some files cannot be uploaded; nothing was reserved.", "setup.exe: The file type .exe is not accepted.",
        new JsonObject
        {
            ["files"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["filename"] = "setup.exe",
                ["code"] = ErrorCodes.FileTypeNotAllowed,
                ["detail"] = "The file type .exe is not accepted.",
            }),
        });

    public static JsonNode UploadNotFound { get; } = Problem(404, ErrorCodes.UploadNotFound, "No such upload.");

    public static JsonNode InvalidParts { get; } = Problem(422, ErrorCodes.InvalidParts,
        "The parts do not make up this upload.", "Part 3 is missing.");

    public static JsonNode ProjectNotFound { get; } = Problem(404, ErrorCodes.ProjectNotFound, "No such project.");

    public static JsonNode NotPermitted { get; } = Problem(403, ErrorCodes.NotPermitted,
        "Only operators can see or move dead letters: they hold every tenant's events.");

    public static JsonNode TooManyStreams { get; } = Problem(429, ErrorCodes.TooManyStreams,
        "You have too many event streams open; close one (a project stream covers all its uploads).");

    public static JsonNode DevTokenInvalid { get; } = Problem(400, ErrorCodes.InvalidRequest,
        "The request needs a userId, 1-10 tenants, a known role and at most 24 hours.");

    public static JsonNode MissingToken { get; } = Problem(401, ErrorCodes.MissingToken, "A bearer token is required.");

    public static JsonNode RateLimited { get; } = Problem(429, ErrorCodes.RateLimited, "Too many requests.",
        "You or your organisation sent more upload requests than the service accepts at once; retry in 2 s.");

    public static JsonNode ClusterUnavailable { get; } = Problem(503, ErrorCodes.ClusterUnavailable,
        "The upload service is temporarily unavailable.", "Nothing was changed; retry shortly.");

    private static JsonNode Json<T>(T value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!;

    private static JsonObject Problem(int status, string code, string title, string? detail = null, JsonObject? extra = null)
    {
        var problem = new JsonObject
        {
            ["title"] = title,
            ["status"] = status,
        };
        if (detail is not null)
        {
            problem["detail"] = detail;
        }

        problem["code"] = code;
        foreach (var (name, value) in extra ?? [])
        {
            problem[name] = value?.DeepClone();
        }

        problem["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        return problem;
    }
}
