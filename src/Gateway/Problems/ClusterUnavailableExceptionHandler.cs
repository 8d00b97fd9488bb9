using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace BuildPeer.Gateway.Problems;

/// <summary>
/// When the silos cannot be reached (none left, or the one this gateway knew gone before it learnt of another) the
/// request failed through no fault of the client: say 503 and when to come back, rather than a bare 500. Nothing was
/// created, so a retry is safe. The same for a grain whose write was
/// refused as stale (a second activation after a silo was lost): the write did not happen, the stale activation is
/// dropped, and a retry meets a fresh one.
/// </summary>
public sealed partial class ClusterUnavailableExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<ClusterUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
            or TimeoutException or InconsistentStateException))
        {
            return false;
        }

        LogClusterUnavailable(exception, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The upload service is temporarily unavailable.",
                Detail = "Nothing was changed; retry shortly.",
                Extensions = { [ProblemDetailsSetup.CodeExtension] = ErrorCodes.ClusterUnavailable },
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster could not serve {Path}")]
    private partial void LogClusterUnavailable(Exception exception, string path);
}
