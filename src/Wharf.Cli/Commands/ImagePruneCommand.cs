using System.Text.Json;
using Wharf.Cli.Flags;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`image prune [-a] [-f] [--filter]`: removes dangling (or all unused) images.</summary>
public sealed class ImagePruneCommand : CliCommand
{
    public override string Name => "prune";
    public override string Usage => "[OPTIONS]";
    public override string Description => "Remove unused images";
    public override int MaxArgs => 0;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Bool("all", 'a', "Remove all unused images, not just dangling ones")
        .List("filter", null, "Provide filter values (e.g. \"until=<timestamp>\")")
        .Bool("force", 'f', "Do not prompt for confirmation");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var all = flags.GetBool("all");
        var warning = all ? "WARNING! This will remove all images without at least one container associated to them."
            : "WARNING! This will remove all dangling images.";
        if (!flags.GetBool("force") && !await PruneConfirmation.AskAsync(session, warning)) return 0;
        var filters = flags.GetList("filter").ToList();
        filters.Add("dangling=" + (all ? "false" : "true"));
        var client = await session.ClientAsync();
        using var report = await client.PruneImagesAsync(FilterArgs.ToJson(filters));
        var root = report.RootElement;
        if (root.TryGetProperty("ImagesDeleted", out var deleted) && deleted.ValueKind == JsonValueKind.Array && deleted.GetArrayLength() > 0)
        {
            await session.Out.WriteLineAsync("Deleted Images:");
            foreach (var item in deleted.EnumerateArray())
            {
                if (item.TryGetProperty("Untagged", out var u)) await session.Out.WriteLineAsync("untagged: " + u.GetString());
                if (item.TryGetProperty("Deleted", out var d)) await session.Out.WriteLineAsync("deleted: " + d.GetString());
            }
            await session.Out.WriteLineAsync();
        }
        var space = root.TryGetProperty("SpaceReclaimed", out var s) && s.TryGetInt64(out var b) ? b : 0;
        await session.Out.WriteLineAsync($"Total reclaimed space: {HumanUnits.Size(space)}");
        return 0;
    }
}
