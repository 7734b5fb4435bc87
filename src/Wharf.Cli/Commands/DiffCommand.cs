using System.Text.Json;
using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`diff CONTAINER`: "A /path", "C /path", "D /path" for files added, changed, deleted.</summary>
public sealed class DiffCommand : CliCommand
{
    public override string Name => "diff";
    public override string Usage => "CONTAINER";
    public override string Description => "Inspect changes to files or directories on a container's filesystem";
    public override int MinArgs => 1;
    public override int MaxArgs => 1;

    protected override FlagSet BuildFlags() => new();

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var client = await session.ClientAsync();
        using var changes = await client.ContainerChangesAsync(flags.Args[0]);
        if (changes.RootElement.ValueKind != JsonValueKind.Array) return 0;
        foreach (var c in changes.RootElement.EnumerateArray())
        {
            var kind = c.GetProperty("Kind").GetInt32() switch { 0 => "C", 1 => "A", 2 => "D", _ => "?" };
            await session.Out.WriteLineAsync($"{kind} {c.GetProperty("Path").GetString()}");
        }
        return 0;
    }
}
