namespace Wharf.Daemon.Http;

/// <summary>Query parameters; a name may repeat (<c>?t=a&amp;t=b</c>).</summary>
public sealed class QueryString
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public static QueryString Parse(string query)
    {
        var q = new QueryString();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            string key = Decode(eq < 0 ? part : part[..eq]), value = eq < 0 ? "" : Decode(part[(eq + 1)..]);
            if (!q._values.TryGetValue(key, out var list)) q._values[key] = list = [];
            list.Add(value);
        }
        return q;
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    public string? this[string name] => _values.TryGetValue(name, out var l) ? l[0] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var l) ? l : [];

    /// <summary>Go's httputils.BoolValue: absent, "", 0, no, false, none are false; anything else is true.</summary>
    public bool Bool(string name) => this[name]?.Trim().ToLowerInvariant() is { } v && v is not ("" or "0" or "no" or "false" or "none");

    public bool BoolOr(string name, bool fallback) => this[name] is null ? fallback : Bool(name);

    public int? Int(string name) =>
        this[name] is { Length: > 0 } v ? int.TryParse(v, out var i) ? i : throw new BadRequestException($"invalid value for {name}: {v}") : null;
}
