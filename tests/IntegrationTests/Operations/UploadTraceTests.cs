using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Processing;
using BuildPeer.ServiceDefaults.Telemetry;
using BuildPeer.UnitTests.Processing.Images;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace BuildPeer.IntegrationTests.Operations;

/// <summary>
/// One upload is one trace across its asynchronous hops: initiate at the gateway, the S3 event from the queue, the
/// processing attempt and each of its steps, the report to the grain and the notification, in that order.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class UploadTraceTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts)
{
    private static readonly string[] PhotoSpans =
    [
        "client uploads a photo",
        "upload.initiate",
        "upload.object-created",
        "processing.attempt",
        "processing.scan",
        "processing.checks",
        "processing.thumbnails",
        "processing.exif",
        "processing.store",
        "processing.complete",
        "upload.notify",
    ];

    [Fact]
    public async Task A_photo_upload_is_one_trace_with_its_spans_in_order()
    {
        var exported = new List<Activity>();
        using var client = new ActivitySource("BuildPeer.Tests.Client");
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(BuildPeerTelemetry.Names)
            // The hosts record spans only for an OTLP collector; in process, this provider carries the context
            // across grain calls as theirs would.
            .AddSource(BuildPeerTelemetry.OrleansApplicationSource)
            .AddSource(client.Name)
            .AddInMemoryExporter(exported)
            .Build();
        var content = GeneratedImages.JpegWithExif(640, 480);

        using var initiate = new HttpRequestMessage(HttpMethod.Post, "api/uploads/initiate")
        {
            Content = JsonContent.Create(new { projectId = Project, files = new[] { new { filename = "site.jpg", contentType = "image/jpeg", size = (long)content.Length } } }),
        };
        HttpResponseMessage response;
        ActivityTraceId traceId;
        using (var upload = client.StartActivity("client uploads a photo", ActivityKind.Client))
        {
            // The HTTP client sends the current span as traceparent, as a traced mobile or web client would.
            traceId = upload!.TraceId;
            response = await Alice.SendAsync(initiate);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ticket = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("uploads")[0];
        response.Dispose();
        using var put = await ApiCalls.PutToStorageAsync(new Uri(ticket.GetProperty("url").GetString()!), content, "image/jpeg");
        var uploadId = ticket.GetProperty("uploadId").GetGuid();
        ProcessedUploads.AssertStatus(await ProcessedUploads.AwaitFinishedAsync(Alice, uploadId), "COMPLETED");

        // The notification span ends after the topic accepted it, which is after the state (and the status) changed.
        await Eventually.MatchesAsync(
            () => Task.FromResult(string.Join(", ", SpansOf(exported, traceId).Select(span => span.DisplayName))),
            names => names.Contains("upload.notify", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "the notification span");
        var spans = SpansOf(exported, traceId);

        Assert.Equal(PhotoSpans, spans.Select(span => span.DisplayName).Where(PhotoSpans.Contains).Distinct());
        Assert.All(spans.Where(span => span.DisplayName.StartsWith("processing.", StringComparison.Ordinal) && span.DisplayName != "processing.attempt"),
            step => Assert.Equal(spans.Single(span => span.DisplayName == "processing.attempt").SpanId, step.ParentSpanId));
        var objectCreated = spans.Single(span => span.DisplayName == "upload.object-created");
        var message = Assert.Single(objectCreated.Links);
        Assert.NotEqual(traceId, message.Context.TraceId);
        Assert.Contains(SpansOf(exported, message.Context.TraceId), span => span.DisplayName == "intake.message");
        Assert.Equal(uploadId.ToString(), spans.Single(span => span.DisplayName == "processing.attempt").GetTagItem("upload.id")?.ToString());
    }

    private static List<Activity> SpansOf(List<Activity> exported, ActivityTraceId traceId)
    {
        // The exporter appends from other threads: a copy that raced an append is simply taken again.
        try
        {
            return [.. exported.ToArray().Where(span => span.TraceId == traceId).OrderBy(span => span.StartTimeUtc)];
        }
        catch (ArgumentException)
        {
            return [];
        }
    }
}
