using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BuildPeer.Gateway.ApiReference;

/// <summary>
/// Puts <see cref="ApiExamples"/> into the document: requests and answers of the upload calls, and on each problem
/// response an example of one of its codes. Runs after <see cref="ProblemResponsesTransformer"/>.
/// </summary>
public sealed class ExamplesTransformer : IOpenApiOperationTransformer
{
    private const string Json = "application/json";

    private static readonly Dictionary<string, (Examples Request, Examples Ok)> ByOperation = new(StringComparer.Ordinal)
    {
        ["InitiateUploads"] = (
            new() { ["single"] = ("One photo: a single PUT", ApiExamples.InitiateSingleRequest), ["multipart"] = ("A 12 MiB PDF: multipart", ApiExamples.InitiateMultipartRequest) },
            new() { ["single"] = ("One presigned PUT", ApiExamples.InitiateSingleResponse), ["multipart"] = ("One URL per 5 MiB part", ApiExamples.InitiateMultipartResponse) }),
        ["GetUploadStatus"] = (
            [],
            new() { ["pending"] = ("Waiting for the bytes", ApiExamples.StatusPending), ["completed"] = ("Processed, with a thumbnail", ApiExamples.StatusCompleted), ["failed"] = ("Refused by processing", ApiExamples.StatusFailed) }),
        ["CompleteMultipartUpload"] = (
            new() { ["parts"] = ("Every part with the ETag storage returned", ApiExamples.CompleteRequest) },
            new() { ["uploaded"] = ("Stored; processing begins", ApiExamples.CompleteResponse) }),
    };

    /// <summary>
    /// The example shown for a problem response: the first whose code the response declares, among those meant for
    /// the operation (a title that depends on the call is shown only where it is the one the call answers).
    /// </summary>
    private static readonly (JsonNode Example, string[] Only)[] ProblemExamples =
    [
        (ApiExamples.FilesRejected, []), (ApiExamples.InvalidParts, []), (ApiExamples.UploadNotFound, []),
        (ApiExamples.ProjectNotFound, []), (ApiExamples.NotPermitted, ["ListDeadLetters", "RedriveDeadLetters"]),
        (ApiExamples.TooManyStreams, []), (ApiExamples.DevTokenInvalid, ["IssueDevelopmentToken"]),
        (ApiExamples.MissingToken, []), (ApiExamples.RateLimited, []), (ApiExamples.ClusterUnavailable, []),
    ];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is { } id && ByOperation.TryGetValue(id, out var examples))
        {
            Attach(operation.RequestBody?.Content, Json, examples.Request);
            if (operation.Responses?.TryGetValue("200", out var ok) == true)
            {
                Attach(ok.Content, Json, examples.Ok);
            }
        }

        foreach (var response in operation.Responses?.Values.OfType<OpenApiResponse>() ?? [])
        {
            var codes = Codes(response);
            var example = ProblemExamples.FirstOrDefault(candidate =>
                codes.Contains(candidate.Example["code"]!.GetValue<string>())
                && (candidate.Only.Length == 0 || candidate.Only.Contains(operation.OperationId))).Example;
            if (example is not null)
            {
                Attach(response.Content, ProblemResponsesTransformer.ProblemMediaType,
                    new() { [example["code"]!.GetValue<string>()] = (example["title"]!.GetValue<string>(), example) });
            }
        }

        return Task.CompletedTask;
    }

    private static HashSet<string> Codes(OpenApiResponse response) =>
        response.Extensions?.TryGetValue(ProblemResponsesTransformer.CodesExtension, out var codes) == true
        && codes is JsonNodeExtension { Node: JsonArray list }
            ? list.Select(code => code!.GetValue<string>()).ToHashSet(StringComparer.Ordinal)
            : [];

    private static void Attach(IDictionary<string, OpenApiMediaType>? content, string mediaType, Examples examples)
    {
        if (examples.Count == 0 || content?.TryGetValue(mediaType, out var media) != true || media is null)
        {
            return;
        }

        media.Examples ??= new Dictionary<string, IOpenApiExample>();
        foreach (var (name, (summary, value)) in examples)
        {
            media.Examples[name] = new OpenApiExample { Summary = summary, Value = value.DeepClone() };
        }
    }

    private sealed class Examples : Dictionary<string, (string Summary, JsonNode Value)>;
}
