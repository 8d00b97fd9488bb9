using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Hosting;
using BuildPeer.Grains.Reminders;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Initiation.Idempotency;

/// <summary>
/// Runs the first initiate under a key and remembers its result. Retries queue on this single activation, so a
/// retry that races the first attempt waits for it and gets its answer, never a second reservation. Only accepted
/// results are kept: a refusal reserved nothing, so running a retry again is already safe and may now succeed.
/// </summary>
public sealed class IdempotentInitiationGrain(
    [PersistentState("idempotency", StorageNames.Idempotency)] IPersistentState<IdempotencyRecord> state,
    IOptions<IdempotencyOptions> options,
    TimeProvider time) : Grain, IIdempotentInitiationGrain, IRemindable
{
    private const string ForgetReminder = "forget";

    public async Task<IdempotentInitiation> InitiateAsync(InitiateUploadsCommand command)
    {
        var fingerprint = RequestFingerprint.Of(command);
        if (state.RecordExists && time.GetUtcNow() - state.State.CreatedAt < options.Value.Retention)
        {
            return state.State.RequestFingerprint == fingerprint
                ? new IdempotentInitiation(state.State.Result, Replayed: true)
                : IdempotentInitiation.Conflict;
        }

        var result = await GrainFactory.GetGrain<IUploadInitiatorGrain>(0).InitiateAsync(command);
        if (result.Accepted)
        {
            try
            {
                await this.RegisterOrUpdateReminder(ForgetReminder, options.Value.Retention, options.Value.Retention);
                state.State = new IdempotencyRecord { RequestFingerprint = fingerprint, Result = result, CreatedAt = time.GetUtcNow() };
                await state.WriteStateAsync();
            }
            catch
            {
                // Unremembered, a retry under this key would initiate again: the caller gets an error instead of
                // ids, so these uploads are abandoned now rather than left holding quota until they expire.
                state.State = new IdempotencyRecord();
                await AbandonedInitiate.AbortAsync(GrainFactory, result.Tickets.Select(ticket => ticket.UploadId));
                throw;
            }
        }

        return new IdempotentInitiation(result, Replayed: false);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ForgetReminder)
        {
            return;
        }

        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        await this.UnregisterReminderIfAnyAsync(ForgetReminder);
        DeactivateOnIdle();
    }
}
