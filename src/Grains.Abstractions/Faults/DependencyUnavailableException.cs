namespace BuildPeer.Grains.Abstractions.Faults;

/// <summary>
/// A call failed because a dependency (PostgreSQL, S3, ...) did not answer, not because of the request. The one
/// fault type silos let cross a grain boundary for such failures: drivers' own exceptions cannot be serialized, and
/// the gateway answers this one with 503 and Retry-After. It carries the driver's message, never the driver's
/// exception.
/// </summary>
[GenerateSerializer, Alias("faults.DependencyUnavailableException")]
public sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException()
    {
        Dependency = "unknown";
    }

    public DependencyUnavailableException(string message) : base(message)
    {
        Dependency = "unknown";
    }

    public DependencyUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
        Dependency = "unknown";
    }

    public DependencyUnavailableException(string dependency, string message) : base(message)
    {
        Dependency = dependency;
    }

    /// <summary>Which dependency failed: <c>postgresql</c>, <c>s3</c>, ...</summary>
    [Id(0)]
    public string Dependency { get; private set; }
}
