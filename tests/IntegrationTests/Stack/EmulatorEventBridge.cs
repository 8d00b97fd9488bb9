using System.Text.Json;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>
/// The emulator's second bucket, whose object events reach their queue the way production's do: through an
/// EventBridge rule, in EventBridge's "Object Created" envelope. Names come from the emulator's <c>/_health</c>.
/// </summary>
public sealed record EmulatorEventBridge(string BucketName, string QueueName)
{
    public string DeadLetterQueueName => $"{QueueName}-dlq";

    public static async Task<EmulatorEventBridge> DiscoverAsync()
    {
        await EmulatorFeatures.RequireAsync("eventbridge");
        using var http = new HttpClient();
        var health = JsonDocument.Parse(
            await http.GetStringAsync(new Uri($"{LocalStack.Get("AWS_ENDPOINT_URL_S3").TrimEnd('/')}/_health")));
        var eventBridge = health.RootElement.GetProperty("eventBridge");
        return new EmulatorEventBridge(
            eventBridge.GetProperty("bucket").GetString()!, eventBridge.GetProperty("queue").GetString()!);
    }
}
