using System.Text.Json;
using Wharf.Api.Client;
using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>Turns repeated <c>--filter key=value</c> into the API's JSON <c>{"key":{"value":true}}</c>.</summary>
public static class FilterArgs
{
    public static string? ToJson(IReadOnlyList<string> filters)
    {
        if (filters.Count == 0) return null;
        var map = new Dictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal);
        foreach (var f in filters)
        {
            var eq = f.IndexOf('=');
            if (eq <= 0) throw new FlagException($"invalid argument \"{f}\" for \"-f, --filter\" flag: bad format of filter (expected name=value)");
            var key = f[..eq].Trim().ToLowerInvariant();
            if (!map.TryGetValue(key, out var values)) map[key] = values = [];
            values[f[(eq + 1)..]] = true;
        }
        return JsonSerializer.Serialize(map, ClientJsonContext.Default.DictionaryStringDictionaryStringBoolean);
    }
}
