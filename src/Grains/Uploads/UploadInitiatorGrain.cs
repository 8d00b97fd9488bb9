using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Validation;
using Orleans.Concurrency;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// Validates a whole request, then creates one <see cref="IUploadGrain"/> per file. Stateless, so initiates spread
/// over every silo instead of queueing on one activation.
/// </summary>
[StatelessWorker]
public sealed class UploadInitiatorGrain(UploadRequestValidator validator) : Grain, IUploadInitiatorGrain
{
    public async Task<InitiateUploadsResult> InitiateAsync(InitiateUploadsCommand command)
    {
        var rejections = validator.Validate(command);
        if (rejections.Count > 0)
        {
            return InitiateUploadsResult.Reject(rejections);
        }

        var tickets = await Task.WhenAll(command.Files.Select(file =>
            GrainFactory.GetGrain<IUploadGrain>(Guid.CreateVersion7()).InitiateAsync(new UploadRegistration(
                command.TenantId, command.ProjectId, command.UserId, file.FileName,
                FileTypeCatalog.NormalizeContentType(file.ContentType), file.Size))));
        return InitiateUploadsResult.Accept(tickets);
    }
}
