using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Initiation.Validation;
using BuildPeer.Grains.Uploads.State;
using Orleans.Concurrency;

namespace BuildPeer.Grains.Uploads.Initiation;

/// <summary>
/// Initiates a request's uploads: checks access (<see cref="AccessPolicy"/>) and every file, reserves quota for all of them in one call to the
/// project, then creates one <see cref="IUploadGrain"/> per file. Stateless, so initiates spread over every silo
/// and only the reservation itself is serialised, on the project. Reentrant: it keeps nothing between calls, so one
/// activation serves many initiates while they wait on the project and upload grains (the database pool bounds how
/// many write at once) instead of one per core. Upload ids are minted through <see cref="FreshUploadIds"/>, and the
/// uploads activate on this silo (prefer-local), so their first activation skips the state read.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class UploadInitiatorGrain(UploadRequestValidator validator, FreshUploadIds freshIds) : Grain, IUploadInitiatorGrain
{
    public async Task<InitiateUploadsResult> InitiateAsync(InitiateUploadsCommand command)
    {
        if (UploadRequestValidator.ValidateIds(command) is { } invalidId)
        {
            return InitiateUploadsResult.Reject([invalidId]);
        }

        var project = GrainFactory.GetGrain<IProjectGrain>(ProjectKey.Of(command.TenantId, command.ProjectId));
        var access = await project.GetAccessAsync(command.UserId);
        var decision = AccessPolicy.Decide(command.Principal, AccessAction.Upload, AccessTarget.Project(command.ProjectId, access));
        if (!decision.Allowed)
        {
            return RejectWhole(decision.Code!, decision.Detail ?? decision.Title!);
        }

        var rejections = validator.ValidateFiles(command, access.Limits!.MaxFileSizeBytes);
        if (rejections.Count > 0)
        {
            return InitiateUploadsResult.Reject(rejections);
        }

        var uploads = command.Files.Select(file => (Id: freshIds.Mint(), File: file)).ToList();
        var reservation = await project.ReserveAsync(uploads.Select(upload => new Reservation(upload.Id, upload.File.Size)).ToList());
        if (!reservation.Granted)
        {
            return RejectWhole(reservation.RefusalCode!, reservation.Detail!);
        }

        var creations = uploads.Select(upload => CreateUploadAsync(project, command, upload.Id, upload.File)).ToList();
        try
        {
            return InitiateUploadsResult.Accept(await Task.WhenAll(creations));
        }
        catch
        {
            await AbandonedInitiate.AbortAsync(GrainFactory,
                creations.Where(creation => creation.IsCompletedSuccessfully).Select(creation => creation.Result.UploadId));
            throw;
        }
    }

    private async Task<UploadTicket> CreateUploadAsync(IProjectGrain project, InitiateUploadsCommand command, Guid uploadId, FileToUpload file)
    {
        try
        {
            return await GrainFactory.GetGrain<IUploadGrain>(uploadId).InitiateAsync(new UploadRegistration(
                command.TenantId, command.ProjectId, command.UserId, file.FileName,
                FileTypeCatalog.NormalizeContentType(file.ContentType), file.Size, file.ChecksumSha256));
        }
        catch
        {
            // The client gets an error and no URL for this file: give its room back now rather than at reconciliation.
            await project.ReleaseAsync(uploadId);
            throw;
        }
    }

    private static InitiateUploadsResult RejectWhole(string code, string detail) =>
        InitiateUploadsResult.Reject([new FileRejection(-1, string.Empty, code, detail)]);
}
