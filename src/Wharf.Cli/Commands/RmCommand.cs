using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`rm [-f] [-v] [-l] CONTAINER...`</summary>
public sealed class RmCommand : CliCommand
{
    public override string Name => "rm";
    public override string Usage => "[OPTIONS] CONTAINER [CONTAINER...]";
    public override string Description => "Remove one or more containers";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Bool("force", 'f', "Force the removal of a running container (uses SIGKILL)")
        .Bool("link", 'l', "Remove the specified link")
        .Bool("volumes", 'v', "Remove anonymous volumes associated with the container");

    public override Task<int> RunAsync(CliSession session, ParsedFlags flags) =>
        EachTarget.RunAsync(session, flags.Args, (c, id) => c.RemoveContainerAsync(id.Trim('/'), flags.GetBool("force"), flags.GetBool("volumes"), flags.GetBool("link")));
}
