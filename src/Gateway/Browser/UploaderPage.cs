using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace BuildPeer.Gateway.Browser;

/// <summary>
/// The browser uploader: <c>wwwroot</c> (plain HTML, CSS and ES modules, no build step) served at <c>/</c>. The API
/// keeps its own authorization; the page is public because it holds nothing but code.
/// </summary>
public static class UploaderPage
{
    // The page talks to the gateway and, with presigned URLs, straight to the bucket, whose origin only the silo
    // knows: scripts stay 'self' only (what matters against injected markup), connections and images may go out.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data: http: https:; " +
        "connect-src 'self' http: https: ws: wss:; worker-src 'self'; manifest-src 'self'; object-src 'none'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication UseUploaderPage(this WebApplication app)
    {
        // From the build or publish output next to the assembly (wwwroot is copied there), not from the content
        // root, so the page is the same whether the gateway runs from bin, a publish folder or a test host.
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        // The web app manifest (what makes the page installable) by its registered type, whatever the default map has.
        var contentTypes = new FileExtensionContentTypeProvider();
        contentTypes.Mappings[".webmanifest"] = "application/manifest+json";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = contentTypes,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // Revalidated on every load (a 304 is cheap), so a new deployment's page is never mixed with old modules.
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            },
        });
        return app;
    }
}
