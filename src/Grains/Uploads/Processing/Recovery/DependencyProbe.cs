using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Processing.Scanning;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.Grains.Uploads.Processing.Recovery;

/// <summary>
/// One cheap question to each dependency processing waits for: clamd PING, a one-key listing of the bucket, and
/// <c>SELECT 1</c>. Asked in parallel, each bounded by <see cref="RecoveryOptions.ProbeTimeout"/>.
/// </summary>
public class DependencyProbe(
    ClamdClient clamd,
    IAmazonS3 s3,
    NpgsqlDataSource database,
    IOptions<S3Options> s3Options,
    IOptions<RecoveryOptions> options)
{
    public const string Clamd = "clamd";
    public const string S3 = "s3";
    public const string Postgres = "postgresql";

    /// <summary>The dependencies that did not answer, by name; empty when all did.</summary>
    public virtual async Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(
            AnswersAsync(Clamd, clamd.PingAsync, cancellationToken),
            AnswersAsync(S3, async token =>
            {
                await s3.ListObjectsV2Async(new ListObjectsV2Request
                {
                    BucketName = s3Options.Value.BucketName, Prefix = "health-probe/", MaxKeys = 1,
                }, token);
                return true;
            }, cancellationToken),
            AnswersAsync(Postgres, async token =>
            {
                await using var command = database.CreateCommand("SELECT 1");
                return await command.ExecuteScalarAsync(token) is not null;
            }, cancellationToken));
        return [.. answers.Where(answer => !answer.Answered).Select(answer => answer.Name)];
    }

    private async Task<(string Name, bool Answered)> AnswersAsync(string name, Func<CancellationToken, Task<bool>> ask,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            return (name, await ask(timeout.Token));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (name, false);
        }
    }
}
