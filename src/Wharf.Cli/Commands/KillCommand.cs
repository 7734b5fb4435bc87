using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`kill [-s SIGNAL] CONTAINER...`</summary>
public sealed class KillCommand : CliCommand
{
    public override string Name => "kill";
    public override string Usage => "[OPTIONS] CONTAINER [CONTAINER...]";
    public override string Description => "Kill one or more running containers";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet().Value("signal", 's', "Signal to send to the container");

    public override Task<int> RunAsync(CliSession session, ParsedFlags flags) =>
        EachTarget.RunAsync(session, flags.Args, (c, id) => c.KillContainerAsync(id, flags.Get("signal")));
}
