namespace Wharf.Api.Models;

/// <summary>One healthcheck probe result.</summary>
public sealed class HealthLogEntry
{
    public string Start { get; set; } = "";
    public string End { get; set; } = "";
    public int ExitCode { get; set; }
    public string Output { get; set; } = "";
}
