using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Faults;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace BuildPeer.Gateway.Problems;

/// <summary>
/// A dependency of the silos (PostgreSQL, S3) did not answer: the request may succeed in a few seconds, so 503 with
/// Retry-After and the dependency's name, never a 500. Whatever the call began was rolled back or is settled by
/// reconciliation, so a retry is safe (and with an Idempotency-Key, replayed rather than repeated).
/// </summary>
public sealed partial class DependencyUnavailableExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<DependencyUnavailableExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client should wait: about how long the silos' circuit breakers and retries need after a return.</summary>
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // Orleans wraps a grain's storage failure (one that failed to activate) in an OrleansException of its own.
        if (Find(exception) is not { } unavailable)
        {
            return false;
        }

        LogDependencyUnavailable(unavailable.Dependency, httpContext.Request.Path, unavailable.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "A service the upload service depends on is temporarily unavailable.",
                Detail = "Nothing was kept from this request; retry shortly.",
                Extensions =
                {
                    [ProblemDetailsSetup.CodeExtension] = ErrorCodes.DependencyUnavailable,
                    ["dependency"] = unavailable.Dependency,
                },
            },
        });
    }

    private static DependencyUnavailableException? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is DependencyUnavailableException unavailable)
            {
                return unavailable;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dependency} is unavailable; {Path} answered 503: {Reason}")]
    private partial void LogDependencyUnavailable(string dependency, string path, string reason);
}
