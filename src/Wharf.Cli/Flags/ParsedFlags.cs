using System.Globalization;

namespace Wharf.Cli.Flags;

/// <summary>The result of parsing: values per flag name, and the positional arguments in order.</summary>
public sealed class ParsedFlags(FlagSet set)
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public List<string> Args { get; } = [];

    internal void Set(FlagDefinition flag, string value)
    {
        if (!_values.TryGetValue(flag.Name, out var list)) _values[flag.Name] = list = [];
        if (flag.Kind != FlagKind.List) list.Clear();
        list.Add(value);
    }

    /// <summary>True when the user gave the flag (docker treats "changed" flags specially, e.g. --stop-timeout).</summary>
    public bool Changed(string name) => _values.ContainsKey(name);

    public string? Get(string name) =>
        _values.TryGetValue(name, out var v) ? v[^1] : set.Find(name)?.Default;

    public string GetOr(string name, string fallback) => Get(name) ?? fallback;

    public IReadOnlyList<string> GetList(string name) => _values.TryGetValue(name, out var v) ? v : [];

    public bool GetBool(string name) => Get(name) is { } v && ParseBool(v);

    public int? GetInt(string name) => Get(name) is { Length: > 0 } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    internal static bool ParseBool(string v) => v.ToLowerInvariant() is "1" or "t" or "true";

    internal static bool IsBool(string v) => v.ToLowerInvariant() is "1" or "t" or "true" or "0" or "f" or "false";
}
