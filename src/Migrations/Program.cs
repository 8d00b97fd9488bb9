using BuildPeer.Migrations;
using Npgsql;

// dotnet run --project src/Migrations -- --connection "<connection string>"
// Without --connection the connection string comes from ConnectionStrings__Postgres, as for the silo.
const string ConnectionVariable = "ConnectionStrings__Postgres";
const int Failed = 1;
const int Misused = 2;

string? connectionString;
switch (args)
{
    case []:
        connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        break;
    case ["--connection", var value]:
        connectionString = value;
        break;
    default:
        Console.Error.WriteLine("usage: BuildPeer.Migrations [--connection \"<connection string>\"]");
        return Misused;
}

if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine($"no connection string: pass --connection \"<connection string>\" or set {ConnectionVariable}");
    return Misused;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    var applied = await SchemaMigrator.ApplyAsync(dataSource, version => Console.WriteLine($"applied {version}"), cancellation.Token);
    if (applied.Count == 0)
    {
        Console.WriteLine("schema up to date");
    }

    return 0;
}
catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or ArgumentException or OperationCanceledException)
{
    // Connection strings carry passwords, so the message names the failure, never the string.
    Console.Error.WriteLine($"migration failed: {exception.Message}");
    return Failed;
}
