using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Uploads;

/// <summary>The UploadGrain's answers to repeated, stray and mismatched input, with real storage behind it.</summary>
[Collection(ServiceHostsCollection.Name)]
public class UploadGrainTests(ServiceHostsFixture hosts)
{
    private readonly IGrainFactory _grains = hosts.SiloServices.GetRequiredService<IGrainFactory>();
    private readonly UploadRegistration _registration = new("acme", "tower-7", "alice", "plan A.pdf", "application/pdf", 2048);

    [Fact]
    public async Task The_same_event_twice_is_recorded_once()
    {
        var upload = _grains.GetGrain<IUploadGrain>(Guid.CreateVersion7());
        var key = KeyFromTicket(await upload.InitiateAsync(_registration));
        var created = new ObjectCreated("buildpeer-uploads", key, 2048, "\"abc123\"", DateTimeOffset.UtcNow, "ObjectCreated:Put", "01");

        var first = await upload.RecordObjectCreatedAsync(created);
        var second = await upload.RecordObjectCreatedAsync(created with { EventTime = DateTimeOffset.UtcNow.AddSeconds(1) });

        Assert.Equal(ObjectCreatedOutcome.Recorded, first);
        Assert.Equal(ObjectCreatedOutcome.AlreadyRecorded, second);
        var status = await upload.GetStatusAsync("acme");
        Assert.True(UploadProgress.HasUploaded(status!.Status), $"{status.Status}");
        Assert.Equal(2048, status.StoredSize);
    }

    [Fact]
    public async Task Another_object_at_the_key_is_processed_again_under_its_ETag_keeping_the_recorded_size()
    {
        var upload = _grains.GetGrain<IUploadGrain>(Guid.CreateVersion7());
        var key = KeyFromTicket(await upload.InitiateAsync(_registration));
        var created = new ObjectCreated("buildpeer-uploads", key, 2048, "\"abc123\"", DateTimeOffset.UtcNow, "ObjectCreated:Put", "01");
        await upload.RecordObjectCreatedAsync(created);

        var other = await upload.RecordObjectCreatedAsync(created with { Size = 1, ETag = "\"other\"" });

        Assert.Equal(ObjectCreatedOutcome.Rescanning, other);
        var status = await upload.GetStatusAsync("acme");
        Assert.Equal(UploadStatus.Processing, status!.Status);
        Assert.Equal("other", status.ETag);
        Assert.Equal(2048, status.StoredSize);
    }

    [Fact]
    public async Task An_event_for_another_key_changes_nothing()
    {
        var upload = _grains.GetGrain<IUploadGrain>(Guid.CreateVersion7());
        var key = KeyFromTicket(await upload.InitiateAsync(_registration));

        var outcome = await upload.RecordObjectCreatedAsync(
            new ObjectCreated("buildpeer-uploads", key + "-other", 2048, "e", DateTimeOffset.UtcNow, "ObjectCreated:Put", null));

        Assert.Equal(ObjectCreatedOutcome.Mismatch, outcome);
        Assert.Equal(UploadStatus.Pending, (await upload.GetStatusAsync("acme"))!.Status);
    }

    [Fact]
    public async Task An_event_for_an_upload_that_was_never_initiated_is_not_acted_on()
    {
        var upload = _grains.GetGrain<IUploadGrain>(Guid.CreateVersion7());

        var outcome = await upload.RecordObjectCreatedAsync(
            new ObjectCreated("buildpeer-uploads", "acme/p/uploads/x/y", 1, "e", DateTimeOffset.UtcNow, "ObjectCreated:Put", null));

        Assert.Equal(ObjectCreatedOutcome.UnknownUpload, outcome);
        Assert.Null(await upload.GetStatusAsync("acme"));
    }

    [Fact]
    public async Task Initiating_again_with_the_same_registration_returns_the_same_upload_with_a_fresh_URL()
    {
        var uploadId = Guid.CreateVersion7();
        var upload = _grains.GetGrain<IUploadGrain>(uploadId);

        var first = await upload.InitiateAsync(_registration);
        var second = await upload.InitiateAsync(_registration);

        // How far the expiry moves is the lifecycle's (UploadLifecycleTests, on a fake clock).
        Assert.Equal(uploadId, second.UploadId);
        Assert.Equal(KeyFromTicket(first), KeyFromTicket(second));
        Assert.True(second.ExpiresAt >= first.ExpiresAt);
    }

    [Fact]
    public async Task Initiating_an_existing_upload_with_another_registration_is_refused()
    {
        var upload = _grains.GetGrain<IUploadGrain>(Guid.CreateVersion7());
        await upload.InitiateAsync(_registration);

        await Assert.ThrowsAsync<InvalidOperationException>(() => upload.InitiateAsync(_registration with { Size = 1 }));
    }

    [Fact]
    public async Task The_state_survives_the_activation()
    {
        var uploadId = Guid.CreateVersion7();
        var upload = _grains.GetGrain<IUploadGrain>(uploadId);
        var key = KeyFromTicket(await upload.InitiateAsync(_registration));
        await upload.RecordObjectCreatedAsync(new ObjectCreated("buildpeer-uploads", key, 2048, "e1", DateTimeOffset.UtcNow, "ObjectCreated:Put", null));

        await _grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var status = await _grains.GetGrain<IUploadGrain>(uploadId).GetStatusAsync("acme");
        Assert.True(UploadProgress.HasUploaded(status!.Status), $"{status.Status}");
        Assert.Equal("plan A.pdf", status.FileName);
    }

    [Fact]
    public async Task An_aborted_upload_deletes_a_late_object_and_cannot_be_completed()
    {
        var upload = _grains.GetGrain<IUploadGrain>(Guid.CreateVersion7());
        var key = KeyFromTicket(await upload.InitiateAsync(_registration));

        var aborted = await upload.AbortAsync();
        var lateEvent = await upload.RecordObjectCreatedAsync(
            new ObjectCreated("buildpeer-uploads", key, 2048, "e", DateTimeOffset.UtcNow, "ObjectCreated:Put", null));
        var complete = await upload.CompleteMultipartAsync([new CompletedPart(1, "e")]);

        Assert.True(aborted.Succeeded);
        Assert.Equal(ObjectCreatedOutcome.LateObjectDeleted, lateEvent);
        Assert.Equal(ErrorCodes.NotMultipart, complete.RefusalCode);
        Assert.Equal(UploadStatus.Aborted, (await upload.GetStatusAsync("acme"))!.Status);
    }

    [Fact]
    public async Task Aborting_twice_is_a_repeat_not_an_error()
    {
        var upload = _grains.GetGrain<IUploadGrain>(Guid.CreateVersion7());
        await upload.InitiateAsync(_registration);

        var first = await upload.AbortAsync();
        var second = await upload.AbortAsync();

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded);
        Assert.Equal(UploadStatus.Aborted, second.Status);
    }

    [Fact]
    public async Task An_uploaded_file_refuses_to_be_aborted_and_says_why()
    {
        var upload = _grains.GetGrain<IUploadGrain>(Guid.CreateVersion7());
        var key = KeyFromTicket(await upload.InitiateAsync(_registration));
        await upload.RecordObjectCreatedAsync(new ObjectCreated("buildpeer-uploads", key, 2048, "e", DateTimeOffset.UtcNow, "ObjectCreated:Put", null));

        var result = await upload.AbortAsync();

        Assert.Equal(ErrorCodes.InvalidTransition, result.RefusalCode);
        Assert.True(UploadProgress.HasUploaded(result.Status), $"{result.Status}");
        Assert.Contains("cannot become ABORTED", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_above_5_MiB_is_initiated_as_multipart_with_a_URL_per_part()
    {
        var upload = _grains.GetGrain<IUploadGrain>(Guid.CreateVersion7());
        var ticket = await upload.InitiateAsync(_registration with { Size = 6 * 1024 * 1024, FileName = "big.pdf" });

        Assert.Equal(UploadMethod.Multipart, ticket.Method);
        Assert.Equal(2, ticket.Parts!.Count);
        Assert.Equal(UploadStatus.Pending, (await upload.GetQuotaViewAsync())!.Status);
        Assert.Null(await _grains.GetGrain<IUploadGrain>(Guid.CreateVersion7()).GetQuotaViewAsync());
    }

    [Fact]
    public async Task Abort_and_complete_of_an_upload_that_does_not_exist_say_so()
    {
        var upload = _grains.GetGrain<IUploadGrain>(Guid.CreateVersion7());

        Assert.Equal(ErrorCodes.UploadNotFound, (await upload.AbortAsync()).RefusalCode);
        Assert.Equal(ErrorCodes.UploadNotFound, (await upload.CompleteMultipartAsync([])).RefusalCode);
        Assert.Equal(ErrorCodes.UploadNotFound, (await upload.RefreshPartUrlsAsync([1])).RefusalCode);
    }

    private static string KeyFromTicket(UploadTicket ticket) =>
        Uri.UnescapeDataString(ticket.Url!.AbsolutePath).TrimStart('/').Split('/', 2)[1];
}
