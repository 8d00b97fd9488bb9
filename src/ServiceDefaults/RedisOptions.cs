using System.ComponentModel.DataAnnotations;

namespace BuildPeer.ServiceDefaults;

/// <summary>"ConnectionStrings:Redis": the status cache. Optional data, required setting: a cache that is down only slows reads.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "ConnectionStrings";

    [Required(ErrorMessage = "ConnectionStrings:Redis is required (e.g. 127.0.0.1:6380).")]
    public string Redis { get; set; } = string.Empty;
}
