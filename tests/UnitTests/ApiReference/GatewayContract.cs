using BuildPeer.Gateway.ApiReference;
using BuildPeer.Gateway.Hosting;
using BuildPeer.UnitTests.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace BuildPeer.UnitTests.ApiReference;

/// <summary>
/// The gateway's OpenAPI document as a deployment serves it (Production: no development-only endpoints), generated
/// from the built application without starting it, so no cluster, database or cache is needed. (Build-time
/// generation with Microsoft.Extensions.ApiDescription.Server runs the entry point and starts the host: start-up
/// validation then demands real connection strings, and the Orleans client would connect to the cluster.)
/// </summary>
public static class GatewayContract
{
    /// <summary>Where the reviewed copy lives, relative to the repository root.</summary>
    public const string CommittedPath = "docs/api/openapi.json";

    public static async Task<OpenApiDocument> DocumentAsync()
    {
        await using var app = GatewayApplication.Build(["--environment", "Production"],
            builder => builder.Configuration.AddInMemoryCollection(StartupValidationTests.ValidGateway));
        RegisterEndpoints(app);
        return await app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>(ApiReferenceSetup.DocumentName)
            .GetOpenApiDocumentAsync();
    }

    public static async Task<string> GenerateAsync()
    {
        var json = await (await DocumentAsync()).SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);
        return json.ReplaceLineEndings("\n").TrimEnd() + "\n";
    }

    /// <summary>
    /// Starting the host is what hands the mapped endpoints to routing, and with them to the API explorer the
    /// document reads. Without a start (which would connect to the cluster), UseEndpoints on a throw-away pipeline
    /// does the same hand-over.
    /// </summary>
    private static void RegisterEndpoints(WebApplication app)
    {
        var pipeline = new ApplicationBuilder(app.Services);
        pipeline.UseRouting();
        pipeline.UseEndpoints(endpoints =>
        {
            foreach (var source in ((IEndpointRouteBuilder)app).DataSources)
            {
                endpoints.DataSources.Add(source);
            }
        });
    }
}
