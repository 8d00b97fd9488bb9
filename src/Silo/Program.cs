using BuildPeer.ServiceDefaults;
using BuildPeer.Silo.Hosting;

return await StartupFailure.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddBuildPeerSilo();

    var app = builder.Build();
    app.MapDefaultHealthEndpoints();
    await app.RunAsync();
});
