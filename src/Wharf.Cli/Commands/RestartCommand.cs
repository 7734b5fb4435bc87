using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`restart [-t SECONDS] [-s SIGNAL] CONTAINER...`</summary>
public sealed class RestartCommand : CliCommand
{
    public override string Name => "restart";
    public override string Usage => "[OPTIONS] CONTAINER [CONTAINER...]";
    public override string Description => "Restart one or more containers";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Value("signal", 's', "Signal to send to the container")
        .Value("timeout", 't', "Seconds to wait before killing the container", null, Validators.Int);

    public override Task<int> RunAsync(CliSession session, ParsedFlags flags) =>
        EachTarget.RunAsync(session, flags.Args, (c, id) => c.RestartContainerAsync(id, flags.GetInt("timeout"), flags.Get("signal")));
}
