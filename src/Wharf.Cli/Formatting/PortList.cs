using System.Text.Json;

namespace Wharf.Cli.Formatting;

/// <summary>The PORTS column: "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, 443/tcp", sorted like docker.</summary>
public static class PortList
{
    public static string Format(JsonElement ports)
    {
        if (ports.ValueKind != JsonValueKind.Array) return "";
        var entries = new List<(string Key, string Text)>();
        foreach (var p in ports.EnumerateArray())
        {
            var priv = p.TryGetProperty("PrivatePort", out var pp) ? pp.GetInt32() : 0;
            var type = p.TryGetProperty("Type", out var t) ? t.GetString() ?? "tcp" : "tcp";
            var ip = p.TryGetProperty("IP", out var i) ? i.GetString() ?? "" : "";
            var pub = p.TryGetProperty("PublicPort", out var pu) && pu.ValueKind == JsonValueKind.Number ? pu.GetInt32() : 0;
            string text;
            if (pub == 0) text = $"{priv}/{type}";
            else
            {
                var host = ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
                text = $"{host}:{pub}->{priv}/{type}";
            }
            entries.Add(($"{type}/{priv:D5}/{(ip.Contains(':', StringComparison.Ordinal) ? 1 : 0)}", text));
        }
        return string.Join(", ", entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Text).Distinct());
    }
}
