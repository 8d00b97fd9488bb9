using System.ComponentModel.DataAnnotations;

namespace BuildPeer.ServiceDefaults.Redis;

/// <summary>
/// "RedisCircuit": what a Redis outage may cost. Redis only holds a cache here, so a call that takes longer than
/// <see cref="CallBudget"/> is given up (the caller falls back to the grains) and Redis is skipped for
/// <see cref="OpenPeriod"/>.
/// </summary>
public sealed class RedisCircuitOptions
{
    public const string SectionName = "RedisCircuit";

    [Range(typeof(TimeSpan), "00:00:00.005", "00:00:05", ErrorMessage = "RedisCircuit:CallBudget must be between 5 ms and 5 seconds.")]
    public TimeSpan CallBudget { get; set; } = TimeSpan.FromMilliseconds(50);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "RedisCircuit:OpenPeriod must be between 100 ms and 5 minutes.")]
    public TimeSpan OpenPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
