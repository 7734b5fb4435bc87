namespace Wharf.Api.Models;

/// <summary>The networks a container joins at create time.</summary>
public sealed class NetworkingConfig
{
    public Dictionary<string, EndpointSettings>? EndpointsConfig { get; set; }
}
