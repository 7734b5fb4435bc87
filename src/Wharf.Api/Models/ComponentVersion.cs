namespace Wharf.Api.Models;

/// <summary>One entry of /version <c>Components</c>.</summary>
public sealed class ComponentVersion
{
    public string Name { get; set; } = "";
    public string Version { get; set; } = "";
    public Dictionary<string, string>? Details { get; set; }
}
