using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`export [-o FILE] CONTAINER`: the container's filesystem as a tar.</summary>
public sealed class ExportCommand : CliCommand
{
    public override string Name => "export";
    public override string Usage => "[OPTIONS] CONTAINER";
    public override string Description => "Export a container's filesystem as a tar archive";
    public override int MinArgs => 1;
    public override int MaxArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet().Value("output", 'o', "Write to a file, instead of STDOUT");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        if (flags.Get("output") == null && Terminal.Termios.IsTerminal(1))
            throw new CliStatusException(1, "cowardly refusing to save to a terminal. Use the -o flag or redirect");
        var client = await session.ClientAsync();
        await using var response = await client.ExportContainerAsync(flags.Args[0]);
        await TarOutput.WriteAsync(session, flags.Get("output"), response.Body, "container");
        return 0;
    }
}
