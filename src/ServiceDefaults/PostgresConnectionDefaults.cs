using System.Data.Common;
using Microsoft.Extensions.Options;

namespace BuildPeer.ServiceDefaults;

/// <summary>
/// Connection settings the services run best with, applied wherever the connection string does not say otherwise:
/// statements prepared automatically (the grain storage, reminder and projection statements repeat all day), no
/// <c>DISCARD ALL</c> each time a pooled connection is returned (the services keep no session state), and a bounded
/// pool, so a burst queues briefly in the process instead of opening a connection per waiting grain. Measured on the
/// initiate benchmark: PostgreSQL CPU at 300 req/s from 62 % to 41-45 %.
/// </summary>
public sealed class PostgresConnectionDefaults : IPostConfigureOptions<PostgresOptions>
{
    public const int MaxAutoPrepare = 64;
    public const int MaxPoolSize = 32;

    public void PostConfigure(string? name, PostgresOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Postgres))
        {
            return;
        }

        options.Postgres = Apply(options.Postgres);
    }

    public static string Apply(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        SetUnlessGiven(builder, ["No Reset On Close", "NoResetOnClose"], "true");
        SetUnlessGiven(builder, ["Max Auto Prepare", "MaxAutoPrepare"], MaxAutoPrepare.ToString(System.Globalization.CultureInfo.InvariantCulture));
        SetUnlessGiven(builder, ["Maximum Pool Size", "Max Pool Size", "MaxPoolSize"], MaxPoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return builder.ConnectionString;
    }

    private static void SetUnlessGiven(DbConnectionStringBuilder builder, string[] keywords, string value)
    {
        if (!keywords.Any(builder.ContainsKey))
        {
            builder[keywords[0]] = value;
        }
    }
}
