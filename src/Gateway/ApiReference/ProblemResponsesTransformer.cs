using System.Globalization;
using System.Text.Json.Nodes;
using BuildPeer.Gateway.Problems;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace BuildPeer.Gateway.ApiReference;

/// <summary>
/// Writes each operation's problem answers: per status, a response whose description lists the codes, whose schema
/// is the <c>Problem</c> with <c>code</c> restricted to them, and an <c>x-problem-codes</c> extension (plus
/// <c>x-file-codes</c> for files_rejected) that tools and the tests read. 429 and 503 carry <c>Retry-After</c>.
/// </summary>
public sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public const string CodesExtension = "x-problem-codes";
    public const string FileCodesExtension = "x-file-codes";
    public const string ProblemMediaType = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata.ToList();
        var parameters = context.Description.ParameterDescriptions;
        var binding = new EndpointBinding(
            BindsBody: parameters.Any(parameter => parameter.Source == BindingSource.Body),
            BindsTypedValues: parameters.Any(parameter =>
                (parameter.Source == BindingSource.Query || parameter.Source == BindingSource.Header) && parameter.Type != typeof(string)),
            ConstrainsRoute: parameters.Any(parameter => parameter.RouteInfo?.Constraints?.Any() == true));
        var responses = ProblemResponses.Merge(
            metadata.OfType<ProblemCodesMetadata>().Concat(ImpliedProblemCodes.Of(metadata, binding)));

        operation.Responses ??= new OpenApiResponses();
        foreach (var problem in responses)
        {
            operation.Responses[problem.StatusCode.ToString(CultureInfo.InvariantCulture)] = Response(problem, context.Document);
        }

        return Task.CompletedTask;
    }

    private static OpenApiResponse Response(ProblemCodesMetadata problem, OpenApiDocument? document)
    {
        var response = new OpenApiResponse
        {
            Description = $"{ReasonPhrases.GetReasonPhrase(problem.StatusCode)}: {string.Join(", ", problem.Codes)}.",
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemMediaType] = new() { Schema = Schema(problem, document) } },
            Extensions = new Dictionary<string, IOpenApiExtension> { [CodesExtension] = Strings(problem.Codes) },
        };
        if (problem.FileCodes.Count > 0)
        {
            response.Extensions[FileCodesExtension] = Strings(problem.FileCodes);
            response.Description += $" Each file of files[] has one of: {string.Join(", ", problem.FileCodes)}.";
        }

        if (problem.StatusCode is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before trying again.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                },
            };
        }

        return response;
    }

    /// <summary>The shared Problem, with this response's codes as the only values of <c>code</c>.</summary>
    private static OpenApiSchema Schema(ProblemCodesMetadata problem, OpenApiDocument? document) => new()
    {
        AllOf =
        [
            new OpenApiSchemaReference(ErrorCodesDocumentTransformer.ProblemSchema, document),
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    [ProblemDetailsSetup.CodeExtension] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = problem.Codes.Select(code => (JsonNode)JsonValue.Create(code)).ToList(),
                    },
                },
            },
        ],
    };

    private static JsonNodeExtension Strings(IEnumerable<string> values) =>
        new(new JsonArray(values.Select(value => (JsonNode)JsonValue.Create(value)).ToArray()));
}
