using BuildPeer.Cli.Commands;

return await BuildPeerCommandLine.RunAsync(args);
