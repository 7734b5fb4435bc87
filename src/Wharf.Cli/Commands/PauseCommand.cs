using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`pause CONTAINER...` and `unpause CONTAINER...` (the cgroup freezer).</summary>
public sealed class PauseCommand(bool pause) : CliCommand
{
    public override string Name => pause ? "pause" : "unpause";
    public override string Usage => "CONTAINER [CONTAINER...]";
    public override string Description => pause ? "Pause all processes within one or more containers" : "Unpause all processes within one or more containers";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags() => new();

    public override Task<int> RunAsync(CliSession session, ParsedFlags flags) =>
        EachTarget.RunAsync(session, flags.Args, (c, id) => pause ? c.PauseContainerAsync(id) : c.UnpauseContainerAsync(id));
}
