namespace Wharf.Api.Models;

/// <summary>A published or exposed port in the container list.</summary>
public sealed class PortSummary
{
    public string? IP { get; set; }
    public int PrivatePort { get; set; }
    public int? PublicPort { get; set; }
    public string Type { get; set; } = "tcp";
}
