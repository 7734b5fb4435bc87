namespace Wharf.Api.Models;

/// <summary>One GET /containers/{id}/stats sample (the fields docker stats reads).</summary>
public sealed class ContainerStats
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("read")] public string Read { get; set; } = "";
    [JsonPropertyName("preread")] public string PreRead { get; set; } = "0001-01-01T00:00:00Z";
    [JsonPropertyName("pids_stats")] public PidsStats PidsStats { get; set; } = new();
    [JsonPropertyName("num_procs")] public int NumProcs { get; set; }
    [JsonPropertyName("cpu_stats")] public CpuStats CpuStats { get; set; } = new();
    [JsonPropertyName("precpu_stats")] public CpuStats PreCpuStats { get; set; } = new();
    [JsonPropertyName("memory_stats")] public MemoryStats MemoryStats { get; set; } = new();
    [JsonPropertyName("blkio_stats")] public Dictionary<string, object?> BlkioStats { get; set; } = [];
    [JsonPropertyName("networks"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, NetworkStats>? Networks { get; set; }
}
