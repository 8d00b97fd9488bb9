using System.ComponentModel.DataAnnotations;

namespace BuildPeer.ServiceDefaults;

/// <summary>The "ConnectionStrings" section: the one PostgreSQL database of the service.</summary>
public sealed class PostgresOptions
{
    public const string SectionName = "ConnectionStrings";

    [Required(ErrorMessage = "ConnectionStrings:Postgres is required (e.g. Host=127.0.0.1;Port=55432;Database=buildpeer;Username=...;Password=...).")]
    public string Postgres { get; set; } = string.Empty;
}
