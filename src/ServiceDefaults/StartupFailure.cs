using Microsoft.Extensions.Options;

namespace BuildPeer.ServiceDefaults;

public static class StartupFailure
{
    /// <summary>
    /// Runs a host and turns a configuration error into one readable line and exit code 2, rather than a stack
    /// trace that buries the name of the setting.
    /// </summary>
    public static async Task<int> RunAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (OptionsValidationException exception)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {string.Join(" ", exception.Failures)}");
            return 2;
        }
    }
}
