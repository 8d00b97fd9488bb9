using Microsoft.AspNetCore.Rewrite;

namespace BuildPeer.Gateway.Browser;

/// <summary>
/// The operators' page, <c>wwwroot/admin.html</c>, at <c>/admin</c>. Like the uploader it is public code served with
/// the uploader's headers; its data come from <c>/api/admin/*</c>, which only the operator role may call.
/// </summary>
public static class AdminPage
{
    public const string Path = "/admin";

    /// <summary>Before <see cref="UploaderPage.UseUploaderPage"/>, whose static files then serve the page.</summary>
    public static WebApplication UseAdminPage(this WebApplication app)
    {
        app.UseRewriter(new RewriteOptions().AddRewrite("^admin/?$", "admin.html", skipRemainingRules: true));
        return app;
    }
}
