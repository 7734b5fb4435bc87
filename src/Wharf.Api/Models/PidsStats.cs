namespace Wharf.Api.Models;

/// <summary>Stats <c>pids_stats</c>.</summary>
public sealed class PidsStats
{
    [JsonPropertyName("current")] public ulong Current { get; set; }
    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? Limit { get; set; }
}
