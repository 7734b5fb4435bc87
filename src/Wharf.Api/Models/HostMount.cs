namespace Wharf.Api.Models;

/// <summary>A <c>--mount</c> entry of HostConfig.Mounts.</summary>
public sealed class HostMount
{
    public string Type { get; set; } = "";
    public string Source { get; set; } = "";
    public string Target { get; set; } = "";
    public bool ReadOnly { get; set; }
}
