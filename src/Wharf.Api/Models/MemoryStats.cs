namespace Wharf.Api.Models;

/// <summary>Stats <c>memory_stats</c>.</summary>
public sealed class MemoryStats
{
    [JsonPropertyName("usage")] public ulong Usage { get; set; }
    [JsonPropertyName("limit")] public ulong Limit { get; set; }
    [JsonPropertyName("stats")] public Dictionary<string, ulong> Stats { get; set; } = [];
}
