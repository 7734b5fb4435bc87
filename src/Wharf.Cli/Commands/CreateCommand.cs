using Wharf.Cli.Containers;
using Wharf.Cli.Flags;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands;

/// <summary>`create IMAGE [COMMAND] [ARG...]`: creates (pulling if needed) and prints the new container's ID.</summary>
public sealed class CreateCommand : CliCommand
{
    public override string Name => "create";
    public override string Usage => "[OPTIONS] IMAGE [COMMAND] [ARG...]";
    public override string Description => "Create a new container";
    public override int MinArgs => 1;
    public override bool DaemonErrorsAre125 => true;

    protected override FlagSet BuildFlags() => ContainerOptions.AddTo(new FlagSet { Interspersed = false });

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var consoleSize = flags.GetBool("tty") ? Termios.Size(1) : null;
        var request = ContainerOptions.Build(flags, flags.Args, detached: false, consoleSize);
        var client = await session.ClientAsync();
        var id = await ContainerCreator.CreateAsync(session, client, request, flags.Get("name"), flags.Get("platform"),
            flags.GetOr("pull", "missing"), flags.GetBool("quiet"), flags.Get("cidfile"));
        await session.Out.WriteLineAsync(id);
        return 0;
    }
}
