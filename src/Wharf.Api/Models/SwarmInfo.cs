namespace Wharf.Api.Models;

/// <summary>/info <c>Swarm</c>: always an inactive, non-swarm node.</summary>
public sealed class SwarmInfo
{
    public string NodeID { get; set; } = "";
    public string NodeAddr { get; set; } = "";
    public string LocalNodeState { get; set; } = "inactive";
    public bool ControlAvailable { get; set; }
    public string Error { get; set; } = "";
    public object? RemoteManagers { get; set; }
}
