using Amazon.Runtime;
using BuildPeer.Grains.Abstractions.Faults;
using Npgsql;

namespace BuildPeer.Grains.Faults;

/// <summary>
/// Recognises a dependency that did not answer in whatever a driver threw (possibly wrapped), and names it. A
/// PostgreSQL error about the request itself (a constraint, an encoding) is not an outage and is left alone.
/// </summary>
public static class DependencyFaults
{
    public const string Postgres = "postgresql";
    public const string S3 = "s3";

    /// <summary>The serializable stand-in for <paramref name="exception"/>, or null when it is no dependency fault.</summary>
    public static DependencyUnavailableException? Translate(Exception exception)
    {
        foreach (var cause in Chain(exception))
        {
            switch (cause)
            {
                case DependencyUnavailableException already:
                    return already;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return new DependencyUnavailableException(Postgres, $"PostgreSQL is unavailable: {npgsql.Message}");
                case AmazonServiceException aws when aws.StatusCode == 0 || (int)aws.StatusCode >= 500:
                    return new DependencyUnavailableException(S3, $"S3 is unavailable: {aws.Message}");
            }
        }

        return null;
    }

    /// <summary>Runs <paramref name="operation"/>; a dependency fault it throws leaves translated.</summary>
    public static async Task TranslatingAsync(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception exception) when (Translate(exception) is { } unavailable && unavailable != exception)
        {
            throw unavailable;
        }
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
