using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Aws;

public static class AwsClientConfiguration
{
    /// <summary>
    /// Applies the configured region, and refuses a client that could not find one, with a message that names the
    /// setting, instead of the SDK's error on first use.
    /// </summary>
    public static TConfig Apply<TConfig>(TConfig config, AwsSettings settings)
        where TConfig : ClientConfig
    {
        if (!string.IsNullOrWhiteSpace(settings.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }

        if (config.RegionEndpoint is null && string.IsNullOrEmpty(config.ServiceURL)
            && FallbackRegionFactory.GetRegionEndpoint() is null)
        {
            throw new OptionsValidationException(AwsSettings.SectionName, typeof(AwsSettings),
                ["No AWS region is configured: set AWS:Region or the AWS_REGION environment variable."]);
        }

        return config;
    }
}
