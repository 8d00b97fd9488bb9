using BuildPeer.Gateway.Uploads;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BuildPeer.Gateway.ApiReference;

/// <summary>
/// Spells out the rules of <c>Idempotency-Key</c> on the operations that bind it (<see cref="UploadsApi"/>), and the
/// <c>Idempotent-Replayed</c> header of a replayed answer.
/// </summary>
public sealed class IdempotencyKeyTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(IsIdempotencyKey) is not { } key)
        {
            return Task.CompletedTask;
        }

        key.Required = false;
        key.Description =
            $"Optional. 1-{IdempotencyKeys.MaxLength} printable ASCII characters without spaces (else 400 " +
            $"{ErrorCodes.IdempotencyKeyInvalid}), chosen by the client, one per logical request and scoped to the user. " +
            "A retry with the same key and the same body within the replay window (24 hours by default, the silos' " +
            $"Idempotency:Retention) gets the first accepted answer again, with {UploadsApi.IdempotentReplayedHeader}: true, and reserves " +
            $"nothing more; the same key with another body is 422 {ErrorCodes.IdempotencyKeyReused}. Refusals are not remembered.";
        key.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            MinLength = 1,
            MaxLength = IdempotencyKeys.MaxLength,
            Pattern = "^[!-~]+$",
        };
        key.Example = "7f9c2ba4-e88f-4c2b-9f3a-0f6f1d2a9b11";

        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse accepted)
        {
            accepted.Headers ??= new Dictionary<string, IOpenApiHeader>();
            accepted.Headers[UploadsApi.IdempotentReplayedHeader] = new OpenApiHeader
            {
                Description = "true when this answer is the replay of an earlier request with the same Idempotency-Key.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] },
            };
        }

        return Task.CompletedTask;
    }

    private static bool IsIdempotencyKey(OpenApiParameter parameter) =>
        parameter.In == ParameterLocation.Header
        && string.Equals(parameter.Name, UploadsApi.IdempotencyKeyHeader, StringComparison.OrdinalIgnoreCase);
}
