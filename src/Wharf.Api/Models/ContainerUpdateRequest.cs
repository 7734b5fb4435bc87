namespace Wharf.Api.Models;

/// <summary>POST /containers/{id}/update: resources and the restart policy. Zero/absent means unchanged.</summary>
public sealed class ContainerUpdateRequest
{
    public long CpuShares { get; set; }
    public long Memory { get; set; }
    public long NanoCpus { get; set; }
    public long CpuPeriod { get; set; }
    public long CpuQuota { get; set; }
    public string CpusetCpus { get; set; } = "";
    public string CpusetMems { get; set; } = "";
    public long MemoryReservation { get; set; }
    public long MemorySwap { get; set; }
    public long? PidsLimit { get; set; }
    public RestartPolicy? RestartPolicy { get; set; }
}
