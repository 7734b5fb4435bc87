namespace Wharf.Api.Models;

/// <summary>Stats <c>cpu_stats</c>; times in nanoseconds.</summary>
public sealed class CpuStats
{
    [JsonPropertyName("cpu_usage")] public CpuUsage CpuUsage { get; set; } = new();
    [JsonPropertyName("system_cpu_usage")] public ulong SystemCpuUsage { get; set; }
    [JsonPropertyName("online_cpus")] public uint OnlineCpus { get; set; }
    [JsonPropertyName("throttling_data")] public ThrottlingData ThrottlingData { get; set; } = new();
}
