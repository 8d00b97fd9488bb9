using System.Text.Json;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>
/// What the running S3 emulator implements, from its <c>/_health</c>: an emulator started by an older
/// tools/aws-emulator/launcher.mjs keeps running until the stack restarts, and tests that need newer behaviour say
/// so plainly instead of failing on a 200 where S3 answers 412.
/// </summary>
public static class EmulatorFeatures
{
    public static async Task RequireAsync(string feature)
    {
        using var http = new HttpClient();
        var health = await http.GetStringAsync(new Uri($"{LocalStack.Get("AWS_ENDPOINT_URL_S3").TrimEnd('/')}/_health"));
        var features = JsonDocument.Parse(health).RootElement.TryGetProperty("features", out var list)
            ? list.EnumerateArray().Select(item => item.GetString()).ToList()
            : [];
        Assert.True(features.Contains(feature),
            $"The running S3 emulator does not implement '{feature}': it was started from an older " +
            "tools/aws-emulator/launcher.mjs. Restart it (scripts/stack.sh down, then up).");
    }
}
