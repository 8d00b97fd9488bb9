using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Intake.DeadLetters;
using BuildPeer.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace BuildPeer.IntegrationTests.Operations;

/// <summary>
/// A stopping silo hands back the S3 events it still holds: they are visible on the queue again at once, not after
/// their visibility timeout. The silo consumes a queue of its own, and its database sits behind a relay that the
/// test stalls, so the grain call for the event hangs while the silo stops.
/// </summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(60);

    private readonly AmazonSQSClient _sqs;
    private readonly TcpRelay _database;
    private TestQueuePair _queues = null!;

    public GracefulShutdownTests()
    {
        LocalStack.ExportToEnvironment();
        _sqs = new AmazonSQSClient();
        var postgres = new NpgsqlConnectionStringBuilder(LocalStack.PostgresConnectionString);
        _database = new TcpRelay(RelayMode.Pass, () => (postgres.Host!, postgres.Port));
    }

    public async Task InitializeAsync() => _queues = await TestQueuePair.CreateAsync(_sqs);

    [Fact]
    public async Task Events_held_when_the_silo_stops_are_visible_on_the_queue_again_at_once()
    {
        var silo = SiloApplication.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings());
            ProcessWideMeterFactory.UseIn(builder.Services);
        });
        await silo.StartAsync();
        _database.Switch(RelayMode.Stall);
        await _sqs.SendMessageAsync(_queues.SourceUrl, ObjectCreatedEvent(Guid.NewGuid()));
        await Eventually.MatchesAsync(() => _queues.DepthAsync(_queues.SourceUrl), depth => depth.InFlight == 1,
            TimeSpan.FromSeconds(10), "the silo to take the event");

        var stopping = Task.Run(async () =>
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        });
        try
        {
            var started = DateTime.UtcNow;
            var again = await Eventually.MatchesAsync(ReceiveAsync, messages => messages.Count == 1,
                TimeSpan.FromSeconds(15), "the event to be visible again");

            Assert.True(DateTime.UtcNow - started < VisibilityTimeout / 2, "It came back by the hand-back, not by its timeout.");
            Assert.Equal("2", again[0].Attributes["ApproximateReceiveCount"]);
        }
        finally
        {
            _database.Switch(RelayMode.Pass);
            await stopping.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    private async Task<List<Message>> ReceiveAsync() => (await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
    {
        QueueUrl = _queues.SourceUrl,
        MaxNumberOfMessages = 1,
        WaitTimeSeconds = 1,
        MessageSystemAttributeNames = ["ApproximateReceiveCount"],
    })).Messages ?? [];

    private Dictionary<string, string?> Settings() => new()
    {
        // Unpooled, so every database call needs a new connection, which the stalled relay holds.
        ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(LocalStack.PostgresConnectionString)
        {
            Host = "127.0.0.1",
            Port = _database.Port,
            Pooling = false,
            Timeout = 60,
        }.ConnectionString,
        ["Orleans:ClusterId"] = $"tests-shutdown-{Guid.NewGuid():N}",
        ["Orleans:ServiceId"] = "buildpeer-tests-shutdown",
        ["Orleans:Endpoints:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["Orleans:Endpoints:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        ["Urls"] = "http://127.0.0.1:0",
        ["Logging:LogLevel:Default"] = "Warning",
        ["S3:ForcePathStyle"] = "true",
        ["Sqs:UploadEventsQueueName"] = _queues.SourceName,
        ["Sqs:DeadLetterQueueName"] = _queues.DeadLetterName,
        ["Sqs:WaitTimeSeconds"] = "1",
        ["Sqs:VisibilityTimeout"] = VisibilityTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Sqs:ShutdownGrace"] = "00:00:01",
    };

    private static string ObjectCreatedEvent(Guid uploadId) => System.Text.Json.JsonSerializer.Serialize(new
    {
        Records = new[]
        {
            new
            {
                eventName = "ObjectCreated:Put",
                eventTime = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                s3 = new
                {
                    bucket = new { name = LocalStack.BucketName },
                    @object = new { key = $"acme/site-7/uploads/{uploadId:D}/photo.jpg", size = 10, eTag = "abc" },
                },
            },
        },
    });

    public async Task DisposeAsync()
    {
        await _queues.DisposeAsync();
        await _database.DisposeAsync();
        _sqs.Dispose();
    }
}
