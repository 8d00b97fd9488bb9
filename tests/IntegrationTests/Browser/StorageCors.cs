using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The page PUTs straight to the bucket, so the bucket's CORS rule must admit the page's origin. Checked before the
/// browser tests, to say plainly why they would fail rather than let a page report "storage unreachable".
/// </summary>
public static class StorageCors
{
    public static async Task AssertAllowsUploadsFromAsync(Uri page)
    {
        var origin = page.GetLeftPart(UriPartial.Authority);
        var objectUrl = new Uri($"{LocalStack.Get("AWS_ENDPOINT_URL_S3").TrimEnd('/')}/{LocalStack.BucketName}/cors-check/object.jpg");
        using var client = new HttpClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, objectUrl);
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await client.SendAsync(preflight);

        Assert.True(response.IsSuccessStatusCode && response.Headers.Contains("Access-Control-Allow-Origin"),
            $"The bucket's CORS rule refuses PUT from {origin} ({(int)response.StatusCode}). The S3 emulator provisions " +
            "http://127.0.0.1:* and http://localhost:* when it starts; one started by an older tools/aws-emulator/launcher.mjs " +
            "must be restarted (scripts/stack.sh down, then up).");
    }
}
