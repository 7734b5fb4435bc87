namespace Wharf.Api.Models;

/// <summary>Stats <c>cpu_usage</c>.</summary>
public sealed class CpuUsage
{
    [JsonPropertyName("total_usage")] public ulong TotalUsage { get; set; }
    [JsonPropertyName("usage_in_kernelmode")] public ulong UsageInKernelmode { get; set; }
    [JsonPropertyName("usage_in_usermode")] public ulong UsageInUsermode { get; set; }
}
