using Orleans;
using Orleans.TestingHost;

namespace BuildPeer.IntegrationTests.OrleansSchema;

/// <summary>Reminders kept in OrleansRemindersTable, ticking every second (the silos allow periods that short).</summary>
[Collection(OrleansSchemaCollectionDefinition.Name)]
public sealed class AdoNetReminderTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TickTimeout = TimeSpan.FromSeconds(20);

    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_registered_reminder_is_stored_with_its_period_and_fires()
    {
        var key = NewKey();
        var grain = Cluster.Client.GetGrain<IReminderProbeGrain>(key);

        await grain.StartTicking(Period);

        Assert.Equal([new StoredReminder(ReminderProbeGrain.ReminderName, PeriodMilliseconds: 1000, Version: 0)], await RemindersOfAsync(grain));
        Assert.True(await ReminderTickLog.WaitForCountAsync(key, 2, TickTimeout), "the reminder did not fire twice");
    }

    [Fact]
    public async Task A_reminder_keeps_firing_after_every_silo_restarts()
    {
        var key = NewKey();
        var grain = Cluster.Client.GetGrain<IReminderProbeGrain>(key);
        await grain.StartTicking(Period);
        Assert.True(await ReminderTickLog.WaitForCountAsync(key, 1, TickTimeout), "the reminder did not fire before the restarts");

        var silosBefore = Cluster.Silos.Select(silo => silo.SiloAddress).ToList();
        foreach (var silo in Cluster.Silos.ToList())
        {
            await Cluster.RestartSiloAsync(silo);
        }

        Assert.Empty(Cluster.Silos.Select(silo => silo.SiloAddress).Intersect(silosBefore));
        // Every silo that held the reminder in memory is gone, so further ticks come from the table.
        var ticksBeforeRestartsEnded = ReminderTickLog.CountFor(key);
        Assert.True(
            await ReminderTickLog.WaitForCountAsync(key, ticksBeforeRestartsEnded + 2, TickTimeout),
            "the reminder did not fire twice after the silos restarted");
    }

    [Fact]
    public async Task An_unregistered_reminder_is_deleted_and_stops_firing()
    {
        var key = NewKey();
        var grain = Cluster.Client.GetGrain<IReminderProbeGrain>(key);
        await grain.StartTicking(Period);
        Assert.True(await ReminderTickLog.WaitForCountAsync(key, 1, TickTimeout), "the reminder did not fire");

        await grain.StopTicking();

        Assert.Empty(await RemindersOfAsync(grain));
        // A tick already on its way when the reminder went may still land; after that, silence.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var ticksAfterUnregistering = ReminderTickLog.CountFor(key);
        await Task.Delay(Period * 3);
        Assert.Equal(ticksAfterUnregistering, ReminderTickLog.CountFor(key));
    }

    private static string NewKey() => $"reminder-{Guid.NewGuid():N}";

    private Task<List<StoredReminder>> RemindersOfAsync(IReminderProbeGrain grain) =>
        TestDatabase.QueryAsync(
            "SELECT ReminderName, Period, Version FROM OrleansRemindersTable WHERE ServiceId = @service AND GrainId = @grain",
            row => new StoredReminder(row.GetString(0), row.GetInt64(1), row.GetInt32(2)),
            ("service", fixture.ServiceId),
            ("grain", grain.GetGrainId().ToString()));

    private sealed record StoredReminder(string Name, long PeriodMilliseconds, int Version);
}
