namespace Wharf.Api.Client.Requests;

/// <summary>The body of POST /containers/{id}/update: resources and restart policy; zero means unchanged.</summary>
public sealed class ContainerUpdateRequest
{
    public long Memory { get; set; }
    public long MemorySwap { get; set; }
    public long MemoryReservation { get; set; }
    public long NanoCpus { get; set; }
    public long CpuShares { get; set; }
    public long CpuPeriod { get; set; }
    public long CpuQuota { get; set; }
    public string? CpusetCpus { get; set; }
    public string? CpusetMems { get; set; }
    public long? PidsLimit { get; set; }
    public RestartPolicyRequest? RestartPolicy { get; set; }
}
