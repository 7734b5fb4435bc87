using System.Text.Json;
using Wharf.Cli.Flags;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`container prune [-f] [--filter]`: removes stopped containers and reports reclaimed space.</summary>
public sealed class ContainerPruneCommand : CliCommand
{
    public override string Name => "prune";
    public override string Usage => "[OPTIONS]";
    public override string Description => "Remove all stopped containers";
    public override int MaxArgs => 0;

    protected override FlagSet BuildFlags() => new FlagSet()
        .List("filter", null, "Provide filter values (e.g. \"until=<timestamp>\")")
        .Bool("force", 'f', "Do not prompt for confirmation");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        if (!flags.GetBool("force") && !await PruneConfirmation.AskAsync(session, "WARNING! This will remove all stopped containers."))
            return 0;
        var client = await session.ClientAsync();
        using var report = await client.PruneContainersAsync(FilterArgs.ToJson(flags.GetList("filter")));
        var root = report.RootElement;
        if (root.TryGetProperty("ContainersDeleted", out var deleted) && deleted.ValueKind == JsonValueKind.Array && deleted.GetArrayLength() > 0)
        {
            await session.Out.WriteLineAsync("Deleted Containers:");
            foreach (var id in deleted.EnumerateArray()) await session.Out.WriteLineAsync(id.GetString());
            await session.Out.WriteLineAsync();
        }
        var space = root.TryGetProperty("SpaceReclaimed", out var s) && s.TryGetInt64(out var b) ? b : 0;
        await session.Out.WriteLineAsync($"Total reclaimed space: {HumanUnits.Size(space)}");
        return 0;
    }
}
