namespace BuildPeer.Gateway.Hosting;

/// <summary>Requests about one upload (<c>{uploadId}</c> in the route) log with its UploadId on every line.</summary>
public static class UploadLogScopeMiddleware
{
    public static IApplicationBuilder UseUploadLogScope(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetRouteValue("uploadId") is string value && Guid.TryParse(value, out var uploadId))
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("BuildPeer.Gateway.Uploads");
                using var scope = logger.BeginScope(new KeyValuePair<string, object?>[] { new("UploadId", uploadId) });
                await next(context);
                return;
            }

            await next(context);
        });
}
