using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`stop [-t SECONDS] [-s SIGNAL] CONTAINER...`</summary>
public sealed class StopCommand : CliCommand
{
    public override string Name => "stop";
    public override string Usage => "[OPTIONS] CONTAINER [CONTAINER...]";
    public override string Description => "Stop one or more running containers";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Value("signal", 's', "Signal to send to the container")
        .Value("timeout", 't', "Seconds to wait before killing the container", null, Validators.Int)
        .Value("time", null, "Seconds to wait before killing the container (deprecated: use --timeout)", null, Validators.Int);

    public override Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var timeout = flags.GetInt("timeout") ?? flags.GetInt("time");
        return EachTarget.RunAsync(session, flags.Args, (c, id) => c.StopContainerAsync(id, timeout, flags.Get("signal")));
    }
}
