namespace Wharf.Api.Models;

/// <summary>Inspect <c>State.Health</c>: starting|healthy|unhealthy and the last probes.</summary>
public sealed class HealthState
{
    public string Status { get; set; } = "starting";
    public int FailingStreak { get; set; }
    public List<HealthLogEntry> Log { get; set; } = [];
}
