using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;

namespace BuildPeer.IntegrationTests.OrleansSchema;

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task StartTicking(TimeSpan period);

    Task StopTicking();
}

/// <summary>Keeps one reminder and records each tick in <see cref="ReminderTickLog"/>.</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    public Task StartTicking(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public async Task StopTicking()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderTickLog.Record(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}

/// <summary>
/// Ticks seen by <see cref="ReminderProbeGrain"/>, per grain key. TestingHost runs its silos inside the test
/// process, so a static is visible to both the grains and the tests, and survives silo restarts.
/// </summary>
public static class ReminderTickLog
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> Ticks = new();

    public static void Record(string grainKey) => Ticks.GetOrAdd(grainKey, _ => new()).Enqueue(DateTimeOffset.UtcNow);

    public static int CountFor(string grainKey) => Ticks.TryGetValue(grainKey, out var ticks) ? ticks.Count : 0;

    /// <summary>Waits until the grain has ticked <paramref name="count"/> times in all; false on timeout.</summary>
    public static async Task<bool> WaitForCountAsync(string grainKey, int count, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (CountFor(grainKey) < count)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return true;
    }
}
