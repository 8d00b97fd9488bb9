using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildPeer.ServiceDefaults;

public static class OptionsRegistration
{
    /// <summary>
    /// Binds a section and validates it when the host starts, so a missing or wrong setting stops the process with
    /// a message that names the setting instead of failing on first use.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
