using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wharf.Daemon.Http;

namespace Wharf.Daemon.Api;

/// <summary>Reading JSON request bodies and the <c>filters</c> parameter the way dockerd does.</summary>
public static class RequestJson
{
    public static async Task<T?> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type) where T : class
    {
        var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        if (buffer.Length == 0) return null;
        try { return JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type); }
        catch (JsonException e) { throw new BadRequestException($"invalid character in JSON body: {e.Message}"); }
    }

    /// <summary>filters=<c>{"k":{"v":true}}</c> or the legacy <c>{"k":["v"]}</c>.</summary>
    public static Dictionary<string, HashSet<string>> Filters(HttpRequest request)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var raw = request.Query["filters"];
        if (string.IsNullOrWhiteSpace(raw)) return result;
        try
        {
            using var doc = JsonDocument.Parse(raw);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                var set = result[prop.Name] = new HashSet<string>(StringComparer.Ordinal);
                if (prop.Value.ValueKind == JsonValueKind.Object)
                    foreach (var v in prop.Value.EnumerateObject()) { if (v.Value.ValueKind != JsonValueKind.False) set.Add(v.Name); }
                else if (prop.Value.ValueKind == JsonValueKind.Array)
                    foreach (var v in prop.Value.EnumerateArray()) set.Add(v.GetString() ?? "");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { throw new BadRequestException($"invalid filter: {e.Message}"); }
        return result;
    }
}
