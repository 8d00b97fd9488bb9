using System.Text.Json;
using Amazon.SQS;
using BuildPeer.Grains.Abstractions.Operations;
using BuildPeer.Grains.Uploads.Intake.DeadLetters;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace BuildPeer.IntegrationTests.Uploads.Intake.DeadLetters;

/// <summary>
/// <see cref="IDeadLetterGrain"/> through an in-memory test cluster whose silo points <see cref="DeadLetterQueue"/>
/// at the test's own queue pair: the views and results cross the grain boundary intact.
/// </summary>
public class DeadLetterGrainTests : IAsyncLifetime
{
    private const string SourceKey = "DeadLetterTests:Source";
    private const string DeadLetterKey = "DeadLetterTests:DeadLetter";

    private readonly AmazonSQSClient _sqs;
    private TestQueuePair _queues = null!;
    private TestCluster _cluster = null!;

    public DeadLetterGrainTests()
    {
        LocalStack.ExportToEnvironment();
        _sqs = new AmazonSQSClient();
    }

    public async Task InitializeAsync()
    {
        _queues = await TestQueuePair.CreateAsync(_sqs);
        var builder = new TestClusterBuilder(1);
        builder.Properties[SourceKey] = _queues.SourceName;
        builder.Properties[DeadLetterKey] = _queues.DeadLetterName;
        builder.AddSiloBuilderConfigurator<QueuePairSilo>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [Fact]
    public async Task Peek_and_redrive_through_the_grain_show_the_S3_objects_and_count_the_moved_messages()
    {
        var key = $"acme/tower-7/uploads/{Guid.CreateVersion7()}/plan.pdf";
        await _sqs.SendMessageAsync(_queues.DeadLetterUrl, JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new
                {
                    eventTime = "2026-11-29T10:00:00Z", eventName = "ObjectCreated:Put",
                    s3 = new { bucket = new { name = "buildpeer-uploads" }, @object = new { key, size = 10, eTag = "e" } },
                },
            },
        }));
        var grain = _cluster.GrainFactory.GetGrain<IDeadLetterGrain>(0);

        var view = Assert.Single(await grain.PeekAsync(10));
        var result = await grain.RedriveAsync(10);

        Assert.Equal("ObjectsCreated", view.Kind);
        Assert.Equal(new DeadLetterObject("buildpeer-uploads", key, "ObjectCreated:Put"), Assert.Single(view.Objects));
        Assert.Null(view.Problem);
        Assert.Equal(new RedriveResult(1, 0), result);
        Assert.Equal((1, 0), await _queues.DepthAsync(_queues.SourceUrl));
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        await _queues.DisposeAsync();
        _sqs.Dispose();
    }

    private sealed class QueuePairSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ProcessWideMeterFactory.UseIn(siloBuilder.Services);
            var configuration = siloBuilder.Configuration;
            siloBuilder.Services.AddSingleton<IAmazonSQS>(_ => new AmazonSQSClient());
            siloBuilder.Services.AddSingleton(sp => new DeadLetterQueue(
                sp.GetRequiredService<IAmazonSQS>(), configuration[SourceKey]!, configuration[DeadLetterKey]!));
        }
    }
}
