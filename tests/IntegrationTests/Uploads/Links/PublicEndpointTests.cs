using System.Net;
using System.Net.Http.Headers;
using Amazon.S3;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Hosting;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildPeer.IntegrationTests.Uploads.Links;

/// <summary>
/// Storage reached under two names, as in Docker Compose: the service calls the emulator at 127.0.0.1, clients at
/// localhost (S3:PublicEndpoint). The URLs name the public address and storage accepts their signatures there.
/// </summary>
public sealed class PublicEndpointTests : IDisposable
{
    private readonly S3Options _options;
    private readonly AmazonS3Client _s3;
    private readonly AmazonS3Client _presigner;
    private readonly HttpClient _http = new();
    private readonly string _key = $"acme/p1/uploads/{Guid.CreateVersion7()}/photo.jpg";

    public PublicEndpointTests()
    {
        LocalStack.ExportToEnvironment();
        var serviceEndpoint = new Uri(LocalStack.Get("AWS_ENDPOINT_URL_S3"));
        _options = new S3Options
        {
            BucketName = LocalStack.BucketName,
            ForcePathStyle = true,
            PublicEndpoint = new UriBuilder(serviceEndpoint) { Host = "localhost" }.Uri.GetLeftPart(UriPartial.Authority),
        };
        _s3 = S3ClientFactory.Create(_options, new AwsSettings());
        _presigner = S3ClientFactory.CreatePresigner(_options, new AwsSettings());
    }

    [Fact]
    public async Task A_single_PUT_URL_names_the_public_endpoint_and_storage_takes_it_there()
    {
        var signer = new S3UploadUrlSigner(_presigner, Options.Create(_options));
        var body = new byte[2048];

        var put = await signer.SignPutAsync(_key, "image/jpeg", body.Length, DateTimeOffset.UtcNow.AddMinutes(15));

        Assert.Equal(_options.PublicEndpoint, put.Url.GetLeftPart(UriPartial.Authority));
        using var request = new HttpRequestMessage(HttpMethod.Put, put.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        using var response = await _http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var stored = await _s3.GetObjectMetadataAsync(LocalStack.BucketName, _key);
        Assert.Equal(body.Length, stored.ContentLength);
    }

    [Fact]
    public async Task Part_URLs_name_the_public_endpoint_while_the_multipart_upload_is_started_by_the_service()
    {
        var storage = new S3MultipartStorage(_s3, Options.Create(_options), NullLogger<S3MultipartStorage>.Instance, _presigner);
        var s3UploadId = await storage.StartAsync(_key, "image/jpeg");

        var part = Assert.Single(await storage.SignPartsAsync(_key, s3UploadId, [new PlannedPart(1, 0, 1024)], DateTimeOffset.UtcNow.AddMinutes(15)));

        Assert.Equal(_options.PublicEndpoint, part.Url.GetLeftPart(UriPartial.Authority));
        using var response = await _http.PutAsync(part.Url, new ByteArrayContent(new byte[1024]));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_silo_presigns_with_the_public_endpoint_only_when_one_is_set()
    {
        using var withPublic = Services(_options.PublicEndpoint);
        using var without = Services(null);

        Assert.Equal($"{_options.PublicEndpoint}/",
            withPublic.GetRequiredKeyedService<IAmazonS3>(S3ClientFactory.PresignerKey).Config.ServiceURL);
        Assert.Same(without.GetRequiredService<IAmazonS3>(), without.GetRequiredKeyedService<IAmazonS3>(S3ClientFactory.PresignerKey));
    }

    private static ServiceProvider Services(string? publicEndpoint)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["S3:BucketName"] = LocalStack.BucketName,
            ["S3:ForcePathStyle"] = "true",
            ["S3:PublicEndpoint"] = publicEndpoint,
            ["ConnectionStrings:Postgres"] = LocalStack.PostgresConnectionString,
        }).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddUploadGrainServices().BuildServiceProvider();
    }

    public void Dispose()
    {
        _s3.Dispose();
        _presigner.Dispose();
        _http.Dispose();
    }
}
