using System.ComponentModel.DataAnnotations;
using System.Net;

namespace BuildPeer.Silo.Hosting;

/// <summary>The "Orleans:Endpoints" section: where this silo listens and what address it tells the cluster.</summary>
public sealed class SiloEndpointSettings : IValidatableObject
{
    public const string SectionName = "Orleans:Endpoints";

    [Range(1, 65535, ErrorMessage = "Orleans:Endpoints:SiloPort must be a TCP port.")]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535, ErrorMessage = "Orleans:Endpoints:GatewayPort must be a TCP port.")]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients dial; on Kubernetes the pod IP.</summary>
    [Required(ErrorMessage = "Orleans:Endpoints:AdvertisedIPAddress is required.")]
    public string AdvertisedIPAddress { get; set; } = "127.0.0.1";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(AdvertisedIPAddress, out _))
        {
            yield return new ValidationResult(
                $"Orleans:Endpoints:AdvertisedIPAddress '{AdvertisedIPAddress}' is not an IP address.",
                [nameof(AdvertisedIPAddress)]);
        }
    }
}
