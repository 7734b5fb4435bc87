namespace Wharf.Api.Models;

/// <summary>The small HostConfig in the container list.</summary>
public sealed class SummaryHostConfig
{
    public string NetworkMode { get; set; } = "";
    public Dictionary<string, string>? Annotations { get; set; }
}
