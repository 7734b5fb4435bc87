namespace Wharf.Api.Client.Requests;

/// <summary>HostConfig with the resources flattened in, as the Engine API expects.</summary>
public sealed class HostConfigRequest
{
    public List<string>? Binds { get; set; }
    public string? NetworkMode { get; set; }
    public Dictionary<string, List<PortBindingRequest>>? PortBindings { get; set; }
    public RestartPolicyRequest? RestartPolicy { get; set; }
    public bool AutoRemove { get; set; }
    public List<string>? CapAdd { get; set; }
    public List<string>? CapDrop { get; set; }
    public bool Privileged { get; set; }
    public bool PublishAllPorts { get; set; }
    public bool ReadonlyRootfs { get; set; }
    public List<string>? SecurityOpt { get; set; }
    public string? Runtime { get; set; }
    public int[]? ConsoleSize { get; set; }
    public bool? Init { get; set; }
    public long Memory { get; set; }
    public long MemorySwap { get; set; }
    public long NanoCpus { get; set; }
    public long CpuShares { get; set; }
    public long? PidsLimit { get; set; }
    public List<UlimitRequest>? Ulimits { get; set; }
    public List<string>? Dns { get; set; }
    public List<string>? ExtraHosts { get; set; }
    public Dictionary<string, string>? Tmpfs { get; set; }
    public LogConfigRequest? LogConfig { get; set; }
}
