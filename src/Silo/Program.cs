using BuildPeer.ServiceDefaults;
using BuildPeer.Silo.Hosting;

return await StartupFailure.RunAsync(() => SiloApplication.Build(args).RunAsync());
