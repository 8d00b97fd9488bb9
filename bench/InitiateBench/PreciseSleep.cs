using System.Runtime.InteropServices;

namespace BuildPeer.InitiateBench;

/// <summary>
/// Sleeps with microsecond precision. <see cref="Thread.Sleep(int)"/> rounds to whole milliseconds, which at
/// 1,000 req/s leaves a generator the choice between sending late and spinning a core that the system under test
/// shares with it; <c>nanosleep</c> wakes within the kernel's timer slack (about 50 µs).
/// </summary>
internal static partial class PreciseSleep
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    public static void For(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(Math.Max(1, (int)duration.TotalMilliseconds));
            return;
        }

        var nanoseconds = duration.Ticks * (NanosecondsPerSecond / TimeSpan.TicksPerSecond);
        var request = new Timespec { Seconds = nanoseconds / NanosecondsPerSecond, Nanoseconds = nanoseconds % NanosecondsPerSecond };
        // Interrupted by a signal (EINTR) it returns early: the caller's loop checks the clock and sleeps again.
        _ = nanosleep(in request, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int nanosleep(in Timespec request, IntPtr remaining);
}
