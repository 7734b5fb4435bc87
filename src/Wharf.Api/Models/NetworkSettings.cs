namespace Wharf.Api.Models;

/// <summary>Inspect <c>NetworkSettings</c>.</summary>
public sealed class NetworkSettings
{
    public string SandboxID { get; set; } = "";
    public string SandboxKey { get; set; } = "";
    public Dictionary<string, List<PortBinding>?> Ports { get; set; } = [];
    public Dictionary<string, EndpointSettings> Networks { get; set; } = [];
}
