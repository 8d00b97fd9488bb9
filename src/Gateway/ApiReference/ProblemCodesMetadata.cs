namespace BuildPeer.Gateway.ApiReference;

/// <summary>
/// Endpoint metadata: the stable codes an endpoint answers with <paramref name="StatusCode"/>, and for
/// <c>files_rejected</c> the per-file codes of <c>files[]</c>. <see cref="ProblemResponsesTransformer"/> writes them
/// into the OpenAPI document; the integration tests check every problem they see against it.
/// </summary>
public sealed record ProblemCodesMetadata(int StatusCode, IReadOnlyList<string> Codes, IReadOnlyList<string> FileCodes);

public static class ProblemCodesConventions
{
    /// <summary>Declares that the endpoint may answer <paramref name="statusCode"/> with any of <paramref name="codes"/>.</summary>
    public static TBuilder ProducesProblemCodes<TBuilder>(this TBuilder builder, int statusCode, params string[] codes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemCodesMetadata(statusCode, codes, []));

    /// <summary>Declares the <c>files[].code</c> values a <c>files_rejected</c> answer (422) may carry.</summary>
    public static TBuilder ProducesFileRejections<TBuilder>(this TBuilder builder, params string[] fileCodes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemCodesMetadata(StatusCodes.Status422UnprocessableEntity,
            [Grains.Abstractions.Errors.ErrorCodes.FilesRejected], fileCodes));
}
