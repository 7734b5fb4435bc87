using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`wait CONTAINER...`: blocks until each stops and prints its exit code.</summary>
public sealed class WaitCommand : CliCommand
{
    public override string Name => "wait";
    public override string Usage => "CONTAINER [CONTAINER...]";
    public override string Description => "Block until one or more containers stop, then print their exit codes";
    public override int MinArgs => 1;

    protected override FlagSet BuildFlags() => new();

    public override Task<int> RunAsync(CliSession session, ParsedFlags flags) =>
        EachTarget.RunAsync(session, flags.Args, async (client, id) =>
        {
            var result = await (await client.WaitContainerAsync(id, "not-running"));
            await session.Out.WriteLineAsync(result.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await session.Out.FlushAsync();
        }, echo: false);
}
