namespace BuildPeer.ServiceDefaults.Health;

/// <summary>The names readiness reports its checks under; probes and dashboards match on them.</summary>
public static class HealthCheckNames
{
    public const string Postgres = "postgres";
    public const string Redis = "redis";
    public const string S3 = "s3";
    public const string Sqs = "sqs";
    public const string Clamd = "clamd";
    public const string Membership = "membership";
    public const string Cluster = "cluster";
    public const string DigestSmtp = "digest-smtp";
    public const string MobilePush = "mobile-push";
}
