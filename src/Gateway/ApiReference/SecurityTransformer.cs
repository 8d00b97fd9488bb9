using BuildPeer.Gateway.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BuildPeer.Gateway.ApiReference;

/// <summary>
/// The bearer scheme as a component, required on exactly the operations whose endpoint requires authorization,
/// and the <c>X-Tenant-ID</c> header on those behind the tenant-member policy. Both are read from the endpoint's
/// authorization metadata, the same the middleware enforces, so the document cannot promise what is not checked.
/// </summary>
public sealed class SecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT from the identity provider (in development: scripts/dev-token.sh). It lists the caller's " +
                "tenants (tenants claim) and roles; X-Tenant-ID names the one the request acts in.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata.ToList();
        if (!ImpliedProblemCodes.RequiresAuthorization(metadata))
        {
            return Task.CompletedTask;
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        if (ImpliedProblemCodes.RequiresTenantMember(metadata))
        {
            operation.Parameters ??= [];
            operation.Parameters.Insert(0, new OpenApiParameter
            {
                Name = TenantMembershipRequirement.HeaderName,
                In = ParameterLocation.Header,
                Required = true,
                Description = "The tenant the request acts in: one the token lists, " +
                    $"{Grains.Abstractions.Projects.ResourceId.Rule}.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = Grains.Abstractions.Projects.ResourceId.SchemaPattern },
                Example = "acme",
            });
        }

        return Task.CompletedTask;
    }
}
