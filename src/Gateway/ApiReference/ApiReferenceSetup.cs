using BuildPeer.Gateway.Problems;
using Scalar.AspNetCore;

namespace BuildPeer.Gateway.ApiReference;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and its reader, Scalar, at <c>/scalar</c>.</summary>
public static class ApiReferenceSetup
{
    public const string DocumentName = "v1";
    public const string DocumentRoute = "/openapi/{documentName}.json";
    public const string ScalarRoute = "/scalar";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "BuildPeer Uploads API";
                document.Info.Description = "Uploads of photos, PDFs and drawings straight to storage, their processing, " +
                    "projects and their members. Every error is an RFC 9457 problem with a stable code; each operation " +
                    "lists its codes per status (x-problem-codes).";
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<ErrorCodesDocumentTransformer>();
            options.AddDocumentTransformer<SecurityTransformer>();
            options.AddOperationTransformer<SecurityTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            options.AddOperationTransformer<IdempotencyKeyTransformer>();
            options.AddOperationTransformer<ExamplesTransformer>();
        });

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi(DocumentRoute).AllowAnonymous();
        // Everything Scalar needs is served from this gateway (scalar.js is embedded in the package), so the page
        // works offline and behind a strict firewall: no CDN fonts, no telemetry.
        app.MapScalarApiReference(ScalarRoute, options => options
                .WithTitle("BuildPeer Uploads API")
                .WithOpenApiRoutePattern(DocumentRoute)
                .AddDocument(DocumentName)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .AddPreferredSecuritySchemes(SecurityTransformer.SchemeName))
            .AllowAnonymous();
        return app;
    }
}
