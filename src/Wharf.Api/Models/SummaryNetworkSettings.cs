namespace Wharf.Api.Models;

/// <summary>The networks in the container list.</summary>
public sealed class SummaryNetworkSettings
{
    public Dictionary<string, EndpointSettings> Networks { get; set; } = [];
}
