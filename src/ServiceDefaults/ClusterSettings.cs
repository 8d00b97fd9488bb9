using System.ComponentModel.DataAnnotations;

namespace BuildPeer.ServiceDefaults;

/// <summary>
/// The "Orleans" section: which cluster a silo joins or a client talks to. Silos and clients of one deployment
/// must agree on both ids; the membership table lives in the PostgreSQL database.
/// </summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Orleans";

    [Required(ErrorMessage = "Orleans:ClusterId is required.")]
    public string ClusterId { get; set; } = string.Empty;

    [Required(ErrorMessage = "Orleans:ServiceId is required.")]
    public string ServiceId { get; set; } = string.Empty;
}
