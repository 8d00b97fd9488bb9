using BuildPeer.Deploy.Tests.Manifests;
using static BuildPeer.Deploy.Tests.Manifests.RenderedOverlay;

namespace BuildPeer.Deploy.Tests.Aws;

/// <summary>
/// deploy/aws holds its own assertions on each stack's wiring; here, each overlay names exactly what its stack
/// makes: the bucket, the queues, the topic, the region and the silos' role.
/// </summary>
public sealed class AwsStackTests
{
    private const string SiloConfig = "buildpeer-silo-config";

    [Fact]
    public void The_stacks_wiring_assertions_pass()
    {
        AwsStack.Of("dev"); // installs aws-cdk-lib if needed, outside the test runner's output
        var run = Command.Run("bash", Repository.PathOf("deploy/aws/aws.sh"), "test");

        Assert.True(run.ExitCode == 0, $"deploy/aws/aws.sh test failed:\n{run.Output}\n{run.Errors}");
        Assert.Matches(@"(?m)^# pass [1-9]\d*$", run.Output);
        Assert.Contains("# fail 0", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void The_silos_read_the_bucket_topic_and_region_of_their_environments_stack(string overlay)
    {
        var (settings, stack) = (SiloSettings(overlay), AwsStack.Of(overlay));

        Assert.Equal([settings["S3__BucketName"]], stack.Names("AWS::S3::Bucket", "BucketName"));
        Assert.Equal(stack.Setting("region"), settings["AWS__Region"]);
        var topic = settings["Sns__UploadCompletedTopicArn"].Split(':');
        Assert.Equal(["arn", "aws", "sns", stack.Setting("region"), stack.Setting("account")], topic[..5]);
        Assert.Equal(stack.Names("AWS::SNS::Topic", "TopicName"), [topic[5]]);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Every_queue_a_host_is_configured_with_exists_in_the_stack(string overlay)
    {
        var rendered = Of(overlay);
        var queues = AwsStack.Of(overlay).Names("AWS::SQS::Queue", "QueueName");
        var configured = rendered.OfKind("ConfigMap")
            .SelectMany(configMap => configMap.TryGetProperty("data", out var data) ? data.EnumerateObject() : default)
            .Where(pair => pair.Name.EndsWith("QueueName", StringComparison.Ordinal) || pair.Name == "Sqs__DeadLetterQueueName")
            .ToList();

        Assert.Contains(configured, pair => pair.Name == "Sqs__UploadEventsQueueName");
        Assert.Contains(configured, pair => pair.Name == "Digest__QueueName");
        Assert.All(configured, pair => Assert.True(queues.Contains(pair.Value.GetString()!),
            $"{overlay}: {pair.Name}={pair.Value} names no queue of the stack ({string.Join(", ", queues)})."));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void A_role_a_service_account_assumes_is_the_stacks_role_for_that_account(string overlay)
    {
        var (rendered, stack) = (Of(overlay), AwsStack.Of(overlay));
        var namespaceName = NameOf(rendered.OfKind("Namespace").Single());
        Assert.Equal(stack.Setting("namespace"), namespaceName);

        var annotated = rendered.OfKind("ServiceAccount")
            .Where(account => account.GetProperty("metadata").TryGetProperty("annotations", out var annotations)
                && annotations.TryGetProperty("eks.amazonaws.com/role-arn", out _))
            .ToList();
        foreach (var account in annotated)
        {
            var arn = account.GetProperty("metadata").GetProperty("annotations").GetProperty("eks.amazonaws.com/role-arn").GetString()!;
            Assert.Equal($"arn:aws:iam::{stack.Setting("account")}:role/{stack.Setting("roleName")}", arn);
            var trust = stack.Resources("AWS::IAM::Role").Single(role => role.GetProperty("RoleName").GetString() == stack.Setting("roleName"))
                .GetProperty("AssumeRolePolicyDocument").GetRawText();
            Assert.Contains($"system:serviceaccount:{namespaceName}:{NameOf(account)}", trust, StringComparison.Ordinal);
        }

        // Production's silos take their role by IRSA; a dev cluster gives them keys instead.
        Assert.Equal(overlay == "production" ? ["buildpeer-silo"] : [], annotated.Select(NameOf));
    }

    [Theory]
    [InlineData("dev", "false")]
    [InlineData("production", "true")]
    public void Production_signs_urls_for_the_accelerate_endpoint_which_the_stack_turns_on(string overlay, string accelerate)
    {
        Assert.Equal(accelerate, SiloSettings(overlay)["S3__UseAccelerateEndpoint"]);
        Assert.All(AwsStack.Of(overlay).Resources("AWS::S3::Bucket"),
            bucket => Assert.Equal("Enabled", bucket.GetProperty("AccelerateConfiguration").GetProperty("AccelerationStatus").GetString()));
        // The gateway signs nothing: S3 settings there would be ignored.
        Assert.DoesNotContain(Of(overlay).Single("ConfigMap", "buildpeer-gateway-config").GetProperty("data").EnumerateObject(),
            pair => pair.Name.StartsWith("S3__", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> SiloSettings(string overlay) =>
        Of(overlay).Single("ConfigMap", SiloConfig).GetProperty("data").EnumerateObject()
            .ToDictionary(pair => pair.Name, pair => pair.Value.GetString()!);
}
