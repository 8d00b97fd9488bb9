using BuildPeer.Grains.Abstractions.Digests;
using BuildPeer.Grains.Hosting;
using BuildPeer.Grains.Reminders;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Digests;

/// <summary>
/// One recipient's email digest. Items are recorded durably as they come (a repeated notification is a no-op); the
/// first one registers the digest reminder, which mails everything pending once a period and goes away when
/// nothing is left. "Never two digests for the same events": the batch is frozen in state before it is sent, is
/// resent unchanged (same Message-ID) until the server's acceptance was seen, and only then are exactly its items
/// marked as mailed. The window that remains is SMTP's own: a server that took the message but whose reply was lost
/// gets the identical message again, which a receiver may drop by its Message-ID.
/// </summary>
public sealed partial class DigestGrain(
    [PersistentState("digest", StorageNames.Digests)] IPersistentState<DigestState> state,
    DigestMailer mailer,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestGrain> logger) : Grain, IDigestGrain, IRemindable
{
    private const string DigestReminder = "digest";
    private bool _reminderRegistered;

    private DigestBook Book => new(state.State);

    private string UserId => DigestKey.Parse(this.GetPrimaryKeyString()).UserId;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A write that succeeded just before a crash may have left work without its reminder.
        if (Book.HasWork)
        {
            await EnsureReminderAsync();
        }
    }

    public async Task<bool> RecordAsync(DigestItem item, string address)
    {
        var added = Book.Add(item, address);
        if (added)
        {
            await SaveAsync();
        }

        // Also for a repeat: its first delivery may have been recorded and then failed before the reminder was.
        await EnsureReminderAsync();
        return added;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DigestReminder)
        {
            return;
        }

        if (!Book.HasWork)
        {
            await this.UnregisterReminderIfAnyAsync(DigestReminder);
            _reminderRegistered = false;
            return;
        }

        if (!options.Value.Enabled)
        {
            // Mail is switched off on this silo: keep everything for when it is back on.
            return;
        }

        await SendAsync();
    }

    private async Task SendAsync()
    {
        using var timeout = new CancellationTokenSource(options.Value.SmtpTimeout * 4);
        DigestMailConnection connection;
        try
        {
            connection = await mailer.ConnectAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Nothing reached the server: the items stay as they are, and the next period tries again.
            LogConnectFailed(exception, this.GetPrimaryKeyString());
            return;
        }

        await using (connection)
        {
            var batch = Book.StartAttempt(Guid.CreateVersion7(), time.GetUtcNow());
            if (batch is null)
            {
                return;
            }

            // Durable before the first byte goes out: a crash from here on resends this very batch, never a new one.
            await SaveAsync();
            try
            {
                await connection.SendAsync(DigestComposer.Compose(batch, UserId, mailer.From), timeout.Token);
            }
            catch (SmtpCommandException refused) when (batch.Attempts == 1
                && refused.ErrorCode is SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.RecipientNotAccepted)
            {
                // Refused before any of the message went over, on its first attempt: certainly never delivered. The items
                // wait for a digest to the address then current (a corrected one arrives with the member's next upload).
                // A batch an earlier attempt may have delivered is only ever resent as it is.
                LogRefused(refused, batch.DigestId, this.GetPrimaryKeyString(), batch.Address);
                Book.Release(batch);
                await SaveAsync();
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Perhaps delivered, perhaps not: only the same message may go next time.
                LogSendFailed(exception, batch.DigestId, this.GetPrimaryKeyString(), batch.Attempts);
                return;
            }

            Book.Complete(batch, time.GetUtcNow(), options.Value.RememberSentFor);
            await SaveAsync();
            LogSent(batch.DigestId, this.GetPrimaryKeyString(), batch.Items.Count, batch.Attempts);
        }

        if (!Book.HasWork)
        {
            await this.UnregisterReminderIfAnyAsync(DigestReminder);
            _reminderRegistered = false;
        }
    }

    private async Task EnsureReminderAsync()
    {
        if (_reminderRegistered)
        {
            return;
        }

        // Registering anew would push an existing reminder's next tick back: a steady trickle of uploads would then
        // postpone the digest for ever.
        if (await this.GetReminder(DigestReminder) is null)
        {
            var period = options.Value.Period;
            await this.RegisterOrUpdateReminder(DigestReminder, period, period);
        }

        _reminderRegistered = true;
    }

    private async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The state in memory may now differ from the stored one: start over from the stored one.
            DeactivateOnIdle();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest {DigestId} for {Recipient} mailed: {Items} uploads (attempt {Attempt})")]
    private partial void LogSent(Guid digestId, string recipient, int items, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest {DigestId} for {Recipient} refused by the SMTP server for {Address}; its uploads wait for the next digest")]
    private partial void LogRefused(Exception exception, Guid digestId, string recipient, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest for {Recipient} not sent: the SMTP server could not be reached; retried next period")]
    private partial void LogConnectFailed(Exception exception, string recipient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest {DigestId} for {Recipient} not confirmed (attempt {Attempt}); the same message is sent again next period")]
    private partial void LogSendFailed(Exception exception, Guid digestId, string recipient, int attempt);
}
