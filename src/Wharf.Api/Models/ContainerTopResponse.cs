namespace Wharf.Api.Models;

/// <summary>GET /containers/{id}/top.</summary>
public sealed class ContainerTopResponse
{
    public List<string> Titles { get; set; } = [];
    public List<List<string>> Processes { get; set; } = [];
}
