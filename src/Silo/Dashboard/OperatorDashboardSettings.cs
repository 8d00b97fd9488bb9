using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Silo.Dashboard;

/// <summary>
/// The "Dashboard" section: the Orleans dashboard on the silo's web port. With a user name and password it asks for
/// them (HTTP Basic, so a browser can open it; serve it over TLS or a port-forward). Without them it is open in
/// Development and not served at all elsewhere: production never exposes it unauthenticated.
/// </summary>
public sealed class OperatorDashboardSettings
{
    public const string SectionName = "Dashboard";

    public bool Enabled { get; set; } = true;

    [RegularExpression("^/[A-Za-z0-9/_-]*$", ErrorMessage = "Dashboard:Path must be a path such as /dashboard.")]
    public string Path { get; set; } = "/dashboard";

    public string? Username { get; set; }

    /// <summary>From a secret (e.g. the environment variable Dashboard__Password), never from a committed file.</summary>
    public string? Password { get; set; }

    public bool HasCredentials => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);
}
