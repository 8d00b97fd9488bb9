using System.Text.Json.Nodes;
using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BuildPeer.Gateway.Problems;

/// <summary>
/// Declares in the OpenAPI document what every error looks like: a <c>Problem</c> schema (RFC 9457 plus the stable
/// <c>code</c>, whose values are <c>ProblemCode</c>) as each operation's default response, and <c>UploadErrorCode</c>,
/// the values of an upload's <c>errorCode</c>. Both come from <see cref="ErrorCodes"/>, so they cannot drift.
/// </summary>
public sealed class ErrorCodesDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string ProblemSchema = "Problem";
    public const string ProblemCodeSchema = "ProblemCode";
    public const string UploadErrorCodeSchema = "UploadErrorCode";
    private const string ProblemMediaType = "application/problem+json";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var schemas = document.Components.Schemas;
        schemas[ProblemCodeSchema] = Enumeration("The stable code of an error answer; clients switch on it.", ProblemCodes());
        schemas[UploadErrorCodeSchema] = Enumeration("Why an upload ended FAILED or QUARANTINED (its errorCode).", ErrorCodes.UploadFailures);
        schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem with a stable code.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text(),
                ["title"] = Text(),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["detail"] = Text(),
                ["instance"] = Text(),
                [ProblemDetailsSetup.CodeExtension] = new OpenApiSchemaReference(ProblemCodeSchema, document),
                ["traceId"] = Text(),
                ["files"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "For files_rejected: each refused file with its own code.",
                    Items = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["index"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                            ["filename"] = Text(),
                            [ProblemDetailsSetup.CodeExtension] = new OpenApiSchemaReference(ProblemCodeSchema, document),
                            ["detail"] = Text(),
                        },
                    },
                },
            },
            Required = new HashSet<string> { "title", "status", ProblemDetailsSetup.CodeExtension },
        };

        foreach (var operation in (document.Paths ?? []).Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []))
        {
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("default", new OpenApiResponse
            {
                Description = "An error, as problem+json with a stable code.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                },
            });
        }

        return Task.CompletedTask;
    }

    /// <summary>Every code the API can answer: all but those of a finished upload and the client's own.</summary>
    public static IEnumerable<string> ProblemCodes() =>
        typeof(ErrorCodes).GetFields()
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!)
            .Except(ErrorCodes.UploadFailures)
            .Except(ErrorCodes.ClientSide);

    private static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };

    private static OpenApiSchema Enumeration(string description, IEnumerable<string> values) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        Enum = values.Select(value => (JsonNode)JsonValue.Create(value)).ToList(),
    };
}
