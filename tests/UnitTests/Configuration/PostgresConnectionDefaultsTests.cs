using System.Data.Common;
using BuildPeer.ServiceDefaults;

namespace BuildPeer.UnitTests.Configuration;

public class PostgresConnectionDefaultsTests
{
    private const string Plain = "Host=127.0.0.1;Port=55432;Database=buildpeer;Username=buildpeer;Password=secret";

    [Fact]
    public void A_plain_connection_string_gets_prepared_statements_no_reset_and_a_bounded_pool()
    {
        var tuned = Parse(PostgresConnectionDefaults.Apply(Plain));

        Assert.Equal("true", tuned["No Reset On Close"]);
        Assert.Equal($"{PostgresConnectionDefaults.MaxAutoPrepare}", tuned["Max Auto Prepare"]);
        Assert.Equal($"{PostgresConnectionDefaults.MaxPoolSize}", tuned["Maximum Pool Size"]);
        Assert.Equal("secret", tuned["Password"]);
    }

    [Theory]
    [InlineData("No Reset On Close=false", "No Reset On Close", "false")]
    [InlineData("NoResetOnClose=false", "NoResetOnClose", "false")]
    [InlineData("Max Auto Prepare=0", "Max Auto Prepare", "0")]
    [InlineData("Max Pool Size=8", "Max Pool Size", "8")]
    public void What_the_operator_wrote_wins(string setting, string key, string value)
    {
        var tuned = Parse(PostgresConnectionDefaults.Apply($"{Plain};{setting}"));

        Assert.Equal(value, tuned[key]);
        Assert.Equal(8, tuned.Count); // the five given, the one overridden, the two defaults
    }

    private static DbConnectionStringBuilder Parse(string connectionString) => new() { ConnectionString = connectionString };
}
