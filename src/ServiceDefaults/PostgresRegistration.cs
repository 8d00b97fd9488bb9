using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BuildPeer.ServiceDefaults;

public static class PostgresRegistration
{
    /// <summary>The <c>ConnectionStrings:Postgres</c> setting, validated at start-up, with <see cref="PostgresConnectionDefaults"/>.</summary>
    public static OptionsBuilder<PostgresOptions> AddPostgresOptions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<PostgresOptions>, PostgresConnectionDefaults>());
        return services.AddValidatedOptions<PostgresOptions>(PostgresOptions.SectionName);
    }
}
