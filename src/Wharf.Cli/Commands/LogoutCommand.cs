using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`logout [SERVER]`: removes stored credentials from config.json.</summary>
public sealed class LogoutCommand : CliCommand
{
    public override string Name => "logout";
    public override string Usage => "[SERVER]";
    public override string Description => "Log out from a registry";
    public override int MaxArgs => 1;

    protected override FlagSet BuildFlags() => new();

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var server = flags.Args.Count == 1 ? LoginCommand.NormalizeServer(flags.Args[0]) : LoginCommand.DefaultServer;
        if (!session.Config.RemoveAuth(server))
        {
            await session.Out.WriteLineAsync($"Not logged in to {server}");
            return 0;
        }
        await session.Out.WriteLineAsync($"Removing login credentials for {server}");
        session.Config.Save();
        return 0;
    }
}
