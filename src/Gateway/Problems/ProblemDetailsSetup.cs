using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Problems;

public static class ProblemDetailsSetup
{
    public const string CodeExtension = "code";

    /// <summary>Every error, ours or the framework's, leaves as RFC 9457 problem+json with a <c>code</c>.</summary>
    public static IServiceCollection AddGatewayProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Extensions.TryAdd(CodeExtension, ProblemDetailsSetup.CodeForStatus(status));
            problem.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
        services.AddExceptionHandler<DependencyUnavailableExceptionHandler>();
        // Development defaults to throwing on a malformed body, which the exception handler turns into a 500: the API
        // answers 400 in every environment (scripts/run.sh and the test hosts run in Development).
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        return services;
    }

    public static ProblemHttpResult Problem(int status, string code, string title, string? detail = null,
        IDictionary<string, object?>? extensions = null)
    {
        var allExtensions = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>())
        {
            [CodeExtension] = code,
        };
        // A detail that only repeats the title would read twice wherever a client shows both.
        var shown = detail is null || string.Equals(detail.Trim(), title.Trim(), StringComparison.Ordinal) ? null : detail;
        return TypedResults.Problem(shown, statusCode: status, title: title, extensions: allExtensions);
    }

    /// <summary>The code for a problem that was written without one (framework errors, status code pages).</summary>
    public static string CodeForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ErrorCodes.InvalidRequest,
        StatusCodes.Status401Unauthorized => ErrorCodes.MissingToken,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
        StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
        StatusCodes.Status503ServiceUnavailable => ErrorCodes.ClusterUnavailable,
        >= 500 => ErrorCodes.InternalError,
        _ => ErrorCodes.Error,
    };
}
