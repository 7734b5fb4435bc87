namespace Wharf.Api.Models;

/// <summary>A host address/port a container port is published on.</summary>
public sealed class PortBinding
{
    public string HostIp { get; set; } = "";
    public string HostPort { get; set; } = "";
}
