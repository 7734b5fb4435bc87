using System.Globalization;
using System.Text;
using System.Text.Json;
using Wharf.Cli.Flags;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`system df`: totals, active counts, sizes and reclaimable space per object type.</summary>
public sealed class SystemDfCommand : CliCommand
{
    public override string Name => "df";
    public override string Usage => "[OPTIONS]";
    public override string Description => "Show docker disk usage";
    public override int MaxArgs => 0;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Value("format", null, "Format output using a custom template")
        .Bool("verbose", 'v', "Show detailed information on space usage");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var client = await session.ClientAsync();
        using var df = await client.DiskUsageAsync();
        var root = df.RootElement;
        var rows = new List<(string Type, int Total, int Active, long Size, long Reclaimable)>
        {
            Summarize(root, "Images", "Images", e => Num(e, "Containers") > 0, e => Num(e, "Size"), e => Num(e, "Containers") > 0 ? 0 : Num(e, "Size")),
            Summarize(root, "Containers", "Containers", e => Str(e, "State") == "running", e => Num(e, "SizeRw"), e => Str(e, "State") == "running" ? 0 : Num(e, "SizeRw")),
            Summarize(root, "Local Volumes", "Volumes", e => UsageNum(e, "RefCount") > 0, e => Math.Max(0, UsageNum(e, "Size")), e => UsageNum(e, "RefCount") > 0 ? 0 : Math.Max(0, UsageNum(e, "Size"))),
            Summarize(root, "Build Cache", "BuildCache", e => e.TryGetProperty("InUse", out var u) && u.ValueKind == JsonValueKind.True, e => Num(e, "Size"), e => Num(e, "Size")),
        };
        var format = flags.Get("format");
        if (format != null)
        {
            var template = Templates.GoTemplate.Parse(format == "json" ? "{{json .}}" : format);
            foreach (var r in rows)
            {
                var json = $"{{\"Type\":\"{r.Type}\",\"TotalCount\":\"{r.Total}\",\"Active\":\"{r.Active}\",\"Size\":\"{HumanUnits.Size(r.Size)}\",\"Reclaimable\":\"{Reclaim(r.Size, r.Reclaimable)}\"}}";
                using var doc = JsonDocument.Parse(json);
                await session.Out.WriteLineAsync(template.Execute(doc.RootElement));
            }
            return 0;
        }
        var table = new StringBuilder("TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE\n");
        foreach (var r in rows)
            table.Append(CultureInfo.InvariantCulture, $"{r.Type}\t{r.Total}\t{r.Active}\t{HumanUnits.Size(r.Size)}\t{Reclaim(r.Size, r.Reclaimable)}\n");
        await session.Out.WriteAsync(new TabWriter().Format(table.ToString()));
        return 0;
    }

    private static string Reclaim(long size, long reclaimable) =>
        size > 0 ? $"{HumanUnits.Size(reclaimable)} ({reclaimable * 100 / size}%)" : HumanUnits.Size(reclaimable);

    private static (string, int, int, long, long) Summarize(JsonElement root, string label, string key, Func<JsonElement, bool> active,
        Func<JsonElement, long> size, Func<JsonElement, long> reclaimable)
    {
        if (!root.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array) return (label, 0, 0, 0, 0);
        var items = list.EnumerateArray().ToList();
        var total = key == "Images" && root.TryGetProperty("LayersSize", out var ls) && ls.TryGetInt64(out var layers) ? layers : items.Sum(size);
        return (label, items.Count, items.Count(active), total, Math.Min(total, items.Sum(reclaimable)));
    }

    private static long Num(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.TryGetInt64(out var l) ? l : 0;

    private static long UsageNum(JsonElement e, string key) => e.TryGetProperty("UsageData", out var u) && u.ValueKind == JsonValueKind.Object ? Num(u, key) : 0;

    private static string Str(JsonElement e, string key) => e.TryGetProperty(key, out var v) ? v.GetString() ?? "" : "";
}
