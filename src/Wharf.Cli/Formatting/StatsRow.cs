using System.Globalization;
using System.Text.Json;

namespace Wharf.Cli.Formatting;

/// <summary>The fields `stats --format` exposes, computed from two samples of GET /containers/{id}/stats like docker does.</summary>
public sealed class StatsRow(string name, string id, JsonElement s) : ContextObject
{
    public const string DefaultFormat = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["ID"] = "CONTAINER ID", ["Name"] = "NAME", ["Container"] = "CONTAINER", ["CPUPerc"] = "CPU %", ["MemUsage"] = "MEM USAGE / LIMIT",
        ["MemPerc"] = "MEM %", ["NetIO"] = "NET I/O", ["BlockIO"] = "BLOCK I/O", ["PIDs"] = "PIDS",
    };

    private static readonly string[] Names = ["ID", "Name", "Container", "CPUPerc", "MemUsage", "MemPerc", "NetIO", "BlockIO", "PIDs"];

    protected override IReadOnlyList<string> FieldNames => Names;

    protected override object? Field(string field) => field switch
    {
        "ID" => ShortId.Of(id),
        "Name" => name.TrimStart('/'),
        "Container" => name.TrimStart('/'),
        "CPUPerc" => Percent(CpuPercent()),
        "MemUsage" => $"{BinarySize(MemoryUsed())} / {BinarySize(Num(s, "memory_stats", "limit"))}",
        "MemPerc" => Percent(Num(s, "memory_stats", "limit") > 0 ? MemoryUsed() * 100.0 / Num(s, "memory_stats", "limit") : 0),
        "NetIO" => $"{HumanUnits.Size(NetSum("rx_bytes"))} / {HumanUnits.Size(NetSum("tx_bytes"))}",
        "BlockIO" => $"{HumanUnits.Size(Block("read"))} / {HumanUnits.Size(Block("write"))}",
        "PIDs" => Num(s, "pids_stats", "current").ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Percent(double p) => p.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>(container delta / system delta) × online CPUs × 100, from cpu_stats and precpu_stats.</summary>
    private double CpuPercent()
    {
        var cpu = Num(s, "cpu_stats", "cpu_usage", "total_usage") - Num(s, "precpu_stats", "cpu_usage", "total_usage");
        var system = Num(s, "cpu_stats", "system_cpu_usage") - Num(s, "precpu_stats", "system_cpu_usage");
        var online = Num(s, "cpu_stats", "online_cpus");
        if (online == 0) online = Environment.ProcessorCount;
        return system > 0 && cpu > 0 ? (double)cpu / system * online * 100.0 : 0;
    }

    /// <summary>Usage minus page cache (inactive_file), as docker shows it.</summary>
    private long MemoryUsed()
    {
        var usage = Num(s, "memory_stats", "usage");
        var inactive = Num(s, "memory_stats", "stats", "inactive_file");
        if (inactive == 0) inactive = Num(s, "memory_stats", "stats", "total_inactive_file");
        return inactive < usage ? usage - inactive : usage;
    }

    private long NetSum(string key) =>
        s.TryGetProperty("networks", out var nets) && nets.ValueKind == JsonValueKind.Object
            ? nets.EnumerateObject().Sum(n => n.Value.TryGetProperty(key, out var v) && v.TryGetInt64(out var l) ? l : 0) : 0;

    private long Block(string op)
    {
        if (!s.TryGetProperty("blkio_stats", out var b) || !b.TryGetProperty("io_service_bytes_recursive", out var list) || list.ValueKind != JsonValueKind.Array) return 0;
        return list.EnumerateArray().Where(e => e.TryGetProperty("op", out var o) && string.Equals(o.GetString(), op, StringComparison.OrdinalIgnoreCase))
            .Sum(e => e.TryGetProperty("value", out var v) && v.TryGetInt64(out var l) ? l : 0);
    }

    private static long Num(JsonElement e, params string[] path)
    {
        foreach (var p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return 0;
        }
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? v : 0;
    }

    private static string BinarySize(double size)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var i = 0;
        while (size >= 1024 && i < units.Length - 1) { size /= 1024; i++; }
        return size.ToString("0.##", CultureInfo.InvariantCulture) + units[i];
    }
}
