using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads.Initiation;

/// <summary>
/// An initiate that fails after some of its uploads were created (a dependency went away half-way) leaves its
/// caller without their ids, so nobody would ever send or abort them: abort them now, which gives their quota back.
/// Best effort: an upload this cannot reach expires with its URLs and is released then.
/// </summary>
internal static class AbandonedInitiate
{
    public static async Task AbortAsync(IGrainFactory grains, IEnumerable<Guid> uploadIds)
    {
        await Task.WhenAll(uploadIds.Select(async uploadId =>
        {
            try
            {
                await grains.GetGrain<IUploadGrain>(uploadId).AbortAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The project's sweep expires it once its URLs run out.
            }
        }));
    }
}
