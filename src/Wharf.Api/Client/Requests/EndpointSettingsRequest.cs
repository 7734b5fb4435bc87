namespace Wharf.Api.Client.Requests;

/// <summary>The parts of EndpointSettings a CLI sets at create time.</summary>
public sealed class EndpointSettingsRequest
{
    public List<string>? Aliases { get; set; }
}
