using System.Text.Json;

namespace Wharf.Cli.Formatting;

/// <summary>The fields `ps --format` exposes for one entry of GET /containers/json.</summary>
public sealed class ContainerRow(JsonElement c, bool truncate, DateTimeOffset now) : ContextObject
{
    public const string DefaultFormat = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    public const string DefaultFormatWithSize = DefaultFormat + "\t{{.Size}}";

    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["ID"] = "CONTAINER ID", ["Image"] = "IMAGE", ["Command"] = "COMMAND", ["CreatedAt"] = "CREATED AT",
        ["RunningFor"] = "CREATED", ["Ports"] = "PORTS", ["State"] = "STATE", ["Status"] = "STATUS", ["Size"] = "SIZE",
        ["Names"] = "NAMES", ["Labels"] = "LABELS", ["Label"] = "LABEL", ["Mounts"] = "MOUNTS", ["Networks"] = "NETWORKS",
        ["LocalVolumes"] = "LOCAL VOLUMES",
    };

    private static readonly string[] Names =
        ["ID", "Image", "Command", "CreatedAt", "RunningFor", "Ports", "State", "Status", "Size", "Names", "Labels", "Mounts", "Networks", "LocalVolumes"];

    protected override IReadOnlyList<string> FieldNames => Names;

    protected override object? Field(string name) => name switch
    {
        "ID" => truncate ? ShortId.Of(Str("Id")) : Str("Id"),
        "Image" => Image(),
        "Command" => Templates.GoPrintf.Quote(truncate ? ShortId.Ellipsis(Str("Command"), 20) : Str("Command")),
        "CreatedAt" => GoTime.String(GoTime.FromUnix(Created)),
        "RunningFor" => HumanUnits.Duration(now - GoTime.FromUnix(Created)) + " ago",
        "Ports" => PortList.Format(c.TryGetProperty("Ports", out var p) ? p : default),
        "State" => Str("State"),
        "Status" => Str("Status"),
        "Size" => Size(),
        "Names" => NamesText(),
        "Labels" => string.Join(',', Labels().Select(kv => $"{kv.Key}={kv.Value}")),
        "Mounts" => MountsText(),
        "Networks" => NetworksText(),
        "LocalVolumes" => Mounts().Count(m => m.TryGetProperty("Driver", out var d) && d.GetString() == "local").ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    public override bool TryCall(string name, IReadOnlyList<object?> args, out object? value)
    {
        value = null;
        if (name != "Label" || args.Count != 1) return false;
        var key = Templates.GoValues.Normalize(args[0]) as string ?? "";
        value = Labels().TryGetValue(key, out var v) ? v : "";
        return true;
    }

    private string Str(string key) => c.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private long Created => c.TryGetProperty("Created", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    private string Image()
    {
        var image = Str("Image");
        if (!truncate) return image;
        if (image.StartsWith("sha256:", StringComparison.Ordinal)) return ShortId.Of(image);
        var at = image.IndexOf("@sha256:", StringComparison.Ordinal);
        return at > 0 ? image[..at] : image;
    }

    private string Size()
    {
        var rw = c.TryGetProperty("SizeRw", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt64() : 0;
        var root = c.TryGetProperty("SizeRootFs", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetInt64() : 0;
        var text = HumanUnits.Size(rw);
        return root > 0 ? $"{text} (virtual {HumanUnits.Size(root)})" : text;
    }

    private string NamesText()
    {
        if (!c.TryGetProperty("Names", out var n) || n.ValueKind != JsonValueKind.Array) return "";
        var names = n.EnumerateArray().Select(x => (x.GetString() ?? "").TrimStart('/')).ToList();
        if (!truncate) return string.Join(',', names);
        // links show up as "/other/alias"; the table shows only the container's own name
        return names.FirstOrDefault(x => !x.Contains('/', StringComparison.Ordinal)) ?? "";
    }

    private SortedDictionary<string, string> Labels()
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (c.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object)
            foreach (var p in l.EnumerateObject()) labels[p.Name] = p.Value.GetString() ?? "";
        return labels;
    }

    private IEnumerable<JsonElement> Mounts() =>
        c.TryGetProperty("Mounts", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray() : [];

    private string MountsText() => string.Join(',', Mounts().Select(m =>
    {
        var name = m.TryGetProperty("Name", out var n) && n.GetString() is { Length: > 0 } s ? s
            : m.TryGetProperty("Source", out var src) ? src.GetString() ?? "" : "";
        return truncate ? ShortId.Ellipsis(name, 15) : name;
    }));

    private string NetworksText()
    {
        if (!c.TryGetProperty("NetworkSettings", out var ns) || ns.ValueKind != JsonValueKind.Object ||
            !ns.TryGetProperty("Networks", out var nets) || nets.ValueKind != JsonValueKind.Object) return "";
        return string.Join(',', nets.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }
}
