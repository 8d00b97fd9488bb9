namespace BuildPeer.Grains.Reminders;

public static class ReminderExtensions
{
    /// <summary>Unregisters a reminder if it is still registered; a reminder that already went is not an error.</summary>
    public static async Task UnregisterReminderIfAnyAsync(this Grain grain, string reminderName)
    {
        if (await grain.GetReminder(reminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
