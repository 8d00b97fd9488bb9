namespace BuildPeer.Grains.Aws;

/// <summary>
/// The optional "AWS" section. Left empty, the AWS SDK's own chain decides (AWS_REGION, AWS_ENDPOINT_URL_*,
/// profiles, pod identity); set, it pins the region for every client.
/// </summary>
public sealed class AwsSettings
{
    public const string SectionName = "AWS";

    public string? Region { get; set; }
}
