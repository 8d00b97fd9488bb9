using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Hosting;
using BuildPeer.ServiceDefaults;

if (args is [DevTokenCommand.Verb, .. var tokenArgs])
{
    return DevTokenCommand.Run(tokenArgs);
}

return await StartupFailure.RunAsync(() => GatewayApplication.Build(args).RunAsync());
