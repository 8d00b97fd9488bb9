using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using BuildPeer.Grains.Abstractions.Faults;
using BuildPeer.Grains.Faults;
using Npgsql;

namespace BuildPeer.UnitTests.Faults;

public class DependencyFaultsTests
{
    [Fact]
    public void A_database_that_does_not_answer_becomes_the_serializable_fault_naming_it()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:55432", new SocketException((int)SocketError.ConnectionRefused));

        var translated = DependencyFaults.Translate(new InvalidOperationException("wrapped", refused));

        Assert.NotNull(translated);
        Assert.Equal(DependencyFaults.Postgres, translated.Dependency);
        Assert.Contains("127.0.0.1:55432", translated.Message, StringComparison.Ordinal);
        Assert.Null(translated.InnerException);
    }

    [Fact]
    public void A_database_out_of_connection_slots_is_an_outage()
    {
        var full = new PostgresException("remaining connection slots are reserved", "FATAL", "FATAL", "53300");

        Assert.Equal(DependencyFaults.Postgres, DependencyFaults.Translate(full)?.Dependency);
    }

    [Fact]
    public void A_database_error_about_the_request_itself_is_no_outage()
    {
        var encoding = new PostgresException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "ERROR", "22021");

        Assert.Null(DependencyFaults.Translate(encoding));
    }

    [Fact]
    public void S3_failing_on_its_side_is_an_outage_and_refusing_the_request_is_not()
    {
        var unavailable = new AmazonS3Exception("Service Unavailable") { StatusCode = HttpStatusCode.ServiceUnavailable };
        var forbidden = new AmazonS3Exception("Access Denied") { StatusCode = HttpStatusCode.Forbidden };

        Assert.Equal(DependencyFaults.S3, DependencyFaults.Translate(new AggregateException(unavailable))?.Dependency);
        Assert.Null(DependencyFaults.Translate(forbidden));
    }

    [Fact]
    public void An_already_translated_fault_passes_unchanged()
    {
        var unavailable = new DependencyUnavailableException(DependencyFaults.Postgres, "down");

        Assert.Same(unavailable, DependencyFaults.Translate(unavailable));
    }
}
