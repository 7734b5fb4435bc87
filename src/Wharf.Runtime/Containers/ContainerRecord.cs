using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Containers;

/// <summary>What the runtime keeps on disk for one container (<c>ROOT/ID/state.json</c>).</summary>
public sealed class ContainerRecord
{
    public string Id { get; set; } = "";
    public int Pid { get; set; }
    /// <summary>Field 22 of /proc/PID/stat when created: tells our process from a later one that reused the pid.</summary>
    public ulong PidStartTime { get; set; }
    public string Bundle { get; set; } = "";
    public string Rootfs { get; set; } = "";
    public DateTime Created { get; set; }
    public string CgroupsPath { get; set; } = "";
    public Spec Config { get; set; } = new();

    /// <summary>config.json as read, when the record was made from it: saved as <see cref="Config"/> verbatim.</summary>
    internal byte[]? ConfigJson { get; set; }
}

/// <summary>The state JSON `state` prints: the OCI state plus runc's rootfs, created and owner.</summary>
public sealed class RuntimeStateView
{
    public string OciVersion { get; set; } = "1.2.0";
    public string Id { get; set; } = "";
    public int Pid { get; set; }
    public string Status { get; set; } = "";
    public string Bundle { get; set; } = "";
    public string Rootfs { get; set; } = "";
    public DateTime Created { get; set; }
    public string Owner { get; set; } = "";
    public Dictionary<string, string>? Annotations { get; set; }
}
