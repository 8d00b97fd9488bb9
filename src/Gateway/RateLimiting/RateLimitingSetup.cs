using BuildPeer.Gateway.ApiReference;
using System.Globalization;
using System.Threading.RateLimiting;
using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BuildPeer.Gateway.RateLimiting;

public static class RateLimitingSetup
{
    /// <summary>
    /// One global limiter that chains the caller's bucket and the tenant's: a request passes only if both have a
    /// token, so one user cannot starve a tenant and one tenant cannot starve the service. A refusal is a 429
    /// problem with <c>Retry-After</c>.
    /// </summary>
    public static IServiceCollection AddUploadRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.SectionName);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var limits = settings.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRejectionAsync;
            if (!limits.Enabled)
            {
                return;
            }

            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(
                    context => RateLimitPartitions.For(RateLimitPartitions.UserKey(context), limits.PerUser)),
                PartitionedRateLimiter.Create<HttpContext, string>(
                    context => RateLimitPartitions.For(RateLimitPartitions.TenantKey(context), limits.PerTenant)));
        });
        return services;
    }

    /// <summary>Counts the endpoint against the caller's and the tenant's buckets, and says so in the OpenAPI document.</summary>
    public static RouteHandlerBuilder RequireUploadRateLimit(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(RateLimitedAttribute.Instance).ProducesProblemCodes(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited);

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero
            ? after
            : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = rejected.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"You or your organisation sent more upload requests than the service accepts at once; retry in {seconds} s.",
                Extensions = { [ProblemDetailsSetup.CodeExtension] = ErrorCodes.RateLimited },
            },
        });
    }
}
