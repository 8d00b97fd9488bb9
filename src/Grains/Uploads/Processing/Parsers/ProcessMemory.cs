using System.Globalization;

namespace BuildPeer.Grains.Uploads.Processing.Parsers;

/// <summary>A process's resident memory, read from /proc (Linux): now (VmRSS) and at its peak (VmHWM).</summary>
public static class ProcessMemory
{
    /// <summary>Bytes resident now; null when the process is gone or /proc is not there.</summary>
    public static long? Resident(int processId) => Read(processId, "VmRSS:");

    /// <summary>The most bytes the process has had resident since it started (or since its peak was reset).</summary>
    public static long? PeakResident(int processId) => Read(processId, "VmHWM:");

    private static long? Read(int processId, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    // "VmRSS:	   12345 kB"
                    var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
