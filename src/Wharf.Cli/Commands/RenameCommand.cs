using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`rename CONTAINER NEW_NAME`</summary>
public sealed class RenameCommand : CliCommand
{
    public override string Name => "rename";
    public override string Usage => "CONTAINER NEW_NAME";
    public override string Description => "Rename a container";
    public override int MinArgs => 2;
    public override int MaxArgs => 2;

    protected override FlagSet BuildFlags() => new();

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var newName = flags.Args[1].Trim();
        if (newName.Length == 0 || flags.Args[0].Trim().Length == 0)
            throw new CliStatusException(1, "Error: Neither old nor new names may be empty");
        var client = await session.ClientAsync();
        await client.RenameContainerAsync(flags.Args[0], newName);
        return 0;
    }
}
