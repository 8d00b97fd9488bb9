using System.Text.Json;
using BuildPeer.Gateway.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace BuildPeer.UnitTests.Problems;

/// <summary>Failures of the cluster rather than of the request are a 503 with Retry-After, never a 500.</summary>
public sealed class ClusterUnavailableExceptionHandlerTests
{
    public static TheoryData<Exception> ClusterFailures() =>
    [
        new SiloUnavailableException("gone"),
        new ConnectionFailedException("Unable to connect to S127.0.0.1:46793:0"),
        new TimeoutException("slow"),
        new InconsistentStateException("stale write", "etag-1", "etag-2"),
    ];

    [Theory]
    [MemberData(nameof(ClusterFailures))]
    public async Task A_cluster_failure_is_a_503_problem_with_retry_after(Exception failure)
    {
        var (handler, context) = Arrange();

        Assert.True(await handler.TryHandleAsync(context, failure, CancellationToken.None));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal("cluster_unavailable", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Any_other_failure_is_left_to_the_next_handler()
    {
        var (handler, context) = Arrange();

        Assert.False(await handler.TryHandleAsync(context, new InvalidOperationException("bug"), CancellationToken.None));
    }

    private static (ClusterUnavailableExceptionHandler Handler, HttpContext Context) Arrange()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new ClusterUnavailableExceptionHandler(services.GetRequiredService<IProblemDetailsService>(),
            NullLogger<ClusterUnavailableExceptionHandler>.Instance);
        return (handler, context);
    }
}
