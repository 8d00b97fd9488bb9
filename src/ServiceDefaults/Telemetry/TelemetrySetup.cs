using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BuildPeer.ServiceDefaults.Telemetry;

public static class TelemetrySetup
{
    /// <summary>Set by the OpenTelemetry convention (with OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, ...).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Traces, metrics and logs of one host: the service's own sources and meters (<see cref="BuildPeerTelemetry.Names"/>), Orleans' grain calls and meter,
    /// ASP.NET Core, outgoing HTTP (S3, SQS, SNS) and the runtime. Metrics are always scraped from
    /// <see cref="MetricsPath"/>; traces are recorded, and everything also goes, to an OTLP collector when
    /// <see cref="OtlpEndpointSetting"/> is set. Log lines carry the trace and span ids of the work they belong to
    /// (a request's, from its <c>traceparent</c> or its own, traced or not).
    /// </summary>
    public static WebApplicationBuilder AddBuildPeerTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddMeter(BuildPeerTelemetry.Names)
                .AddMeter(BuildPeerTelemetry.OrleansMeter)
                .AddView(instrument => IsOwnDuration(instrument)
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = BuildPeerTelemetry.SecondsBuckets }
                    : null)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            // Spans only where they have somewhere to go: recorded without a collector, every grain call's span and
            // the trace context it adds to the call cost the silo a fifth of what it allocates, for nothing.
            telemetry.WithTracing(tracing => tracing
                .AddSource(BuildPeerTelemetry.Names)
                .AddSource(BuildPeerTelemetry.OrleansApplicationSource)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsProbeOrScrape(context.Request.Path))
                // Only calls made inside a trace: the queue's long polls, every 20 s per poller, would each start
                // a trace of their own and bury the uploads' traces.
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = _ => System.Diagnostics.Activity.Current is not null));
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeScopes = true;
                logging.IncludeFormattedMessage = true;
            });
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, anonymous like the health probes: keep it off the public ingress.</summary>
    public static IEndpointRouteBuilder MapBuildPeerMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        return app;
    }

    /// <summary>The service's own histograms of durations in seconds, which share one set of buckets.</summary>
    private static bool IsOwnDuration(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument is System.Diagnostics.Metrics.Histogram<double> && instrument.Unit == "s"
        && instrument.Meter.Name.StartsWith(BuildPeerTelemetry.Names.TrimEnd('*'), StringComparison.Ordinal);

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);
}
