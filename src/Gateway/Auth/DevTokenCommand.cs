using BuildPeer.Grains.Abstractions.Projects;
using Microsoft.Extensions.Options;

namespace BuildPeer.Gateway.Auth;

/// <summary>
/// <c>dev-token --user alice --tenant acme [--tenant other] [--role uploader] [--hours 8]</c>: prints a token signed
/// with the development key from the gateway's own configuration, so a person can call the API by hand. Roles as
/// <see cref="DevTokenRoles"/> reads them: <c>--role admin</c> is admin of every <c>--tenant</c> given,
/// <c>--role acme:admin</c> of acme alone.
/// </summary>
public static class DevTokenCommand
{
    public const string Verb = "dev-token";

    public static int Run(string[] args)
    {
        string? user = null;
        var tenants = new List<string>();
        var role = "uploader";
        var hours = 8.0;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--user" when value is not null: user = value; i++; break;
                case "--tenant" when value is not null: tenants.Add(value); i++; break;
                case "--role" when value is not null: role = value; i++; break;
                case "--hours" when value is not null && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out hours): i++; break;
                default: return Usage($"Unexpected argument '{args[i]}'.");
            }
        }

        if (user is null || tenants.Count == 0 || hours <= 0)
        {
            return Usage("--user and at least one --tenant are required.");
        }

        if (tenants.FirstOrDefault(tenant => !ResourceId.IsValid(tenant)) is { } badTenant)
        {
            return Usage($"'{badTenant}' is not a tenant id ({ResourceId.Rule}).");
        }

        if (!DevTokenRoles.TryExpand(role, tenants, out _))
        {
            return Usage($"Unknown role '{role}'; known: {string.Join(", ", DevTokenRoles.Known)} (a tenant of the token).");
        }

        var options = ReadAuthOptions();
        var failures = new DataAnnotationValidateOptions<AuthOptions>(null).Validate(null, options);
        if (failures.Failed)
        {
            Console.Error.WriteLine($"Configuration error: {failures.FailureMessage}");
            return 2;
        }

        if (string.IsNullOrEmpty(options.SigningKey))
        {
            Console.Error.WriteLine("This configuration uses Auth:Authority; development tokens need Auth:SigningKey.");
            return 2;
        }

        Console.WriteLine(new DevTokenIssuer(options, TimeProvider.System).Issue(user, tenants, role, TimeSpan.FromHours(hours)));
        return 0;
    }

    private static AuthOptions ReadAuthOptions()
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? "Development";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        return configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine($"usage: {Verb} --user <id> --tenant <id> [--tenant <id> ...] [--role <role>] [--hours <n>]");
        return 1;
    }
}
