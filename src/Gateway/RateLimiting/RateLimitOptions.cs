using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Gateway.RateLimiting;

/// <summary>
/// The "RateLimits" section: token buckets on the calls that create work (initiate, complete, re-sign parts), one per
/// user within a tenant and one per tenant, both of which a request must pass. The defaults let a crew's
/// end-of-shift spike through and stop a runaway script long before it can grow state without bound.
/// </summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string SectionName = "RateLimits";

    /// <summary>Off only for benchmarks that measure the service's own ceiling.</summary>
    public bool Enabled { get; set; } = true;

    public TokenBucketSettings PerUser { get; set; } = new() { TokensPerPeriod = 20, BurstSize = 200 };

    public TokenBucketSettings PerTenant { get; set; } = new() { TokensPerPeriod = 2_000, BurstSize = 10_000 };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        PerUser.Validate($"{SectionName}:{nameof(PerUser)}").Concat(PerTenant.Validate($"{SectionName}:{nameof(PerTenant)}"));
}

/// <summary>A bucket that holds <see cref="BurstSize"/> requests and refills <see cref="TokensPerPeriod"/> every <see cref="Period"/>.</summary>
public sealed class TokenBucketSettings
{
    public int TokensPerPeriod { get; set; }

    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    public int BurstSize { get; set; }

    internal IEnumerable<ValidationResult> Validate(string section)
    {
        if (TokensPerPeriod < 1)
        {
            yield return new ValidationResult($"{section}:{nameof(TokensPerPeriod)} must be at least 1.");
        }

        if (Period < TimeSpan.FromMilliseconds(10) || Period > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{section}:{nameof(Period)} must be between 10 ms and 1 day.");
        }

        if (BurstSize < TokensPerPeriod)
        {
            yield return new ValidationResult($"{section}:{nameof(BurstSize)} must be at least {nameof(TokensPerPeriod)}.");
        }
    }
}
