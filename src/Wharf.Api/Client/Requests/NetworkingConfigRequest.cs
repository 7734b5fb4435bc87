namespace Wharf.Api.Client.Requests;

/// <summary>NetworkingConfig: endpoint settings per network name.</summary>
public sealed class NetworkingConfigRequest
{
    public Dictionary<string, EndpointSettingsRequest> EndpointsConfig { get; set; } = [];
}
