namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>Validates a request to upload files and creates one <see cref="IUploadGrain"/> per file.</summary>
[Alias("uploads.IUploadInitiatorGrain")]
public interface IUploadInitiatorGrain : IGrainWithIntegerKey
{
    [Alias("Initiate")]
    Task<InitiateUploadsResult> InitiateAsync(InitiateUploadsCommand command);
}
