namespace Wharf.Api.Models;

/// <summary>Stats <c>throttling_data</c>.</summary>
public sealed class ThrottlingData
{
    [JsonPropertyName("periods")] public ulong Periods { get; set; }
    [JsonPropertyName("throttled_periods")] public ulong ThrottledPeriods { get; set; }
    [JsonPropertyName("throttled_time")] public ulong ThrottledTime { get; set; }
}
