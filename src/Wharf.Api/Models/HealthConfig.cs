namespace Wharf.Api.Models;

/// <summary>A healthcheck; durations in nanoseconds. Test is ["NONE"], ["CMD", …] or ["CMD-SHELL", "…"].</summary>
public sealed class HealthConfig
{
    public List<string>? Test { get; set; }
    public long Interval { get; set; }
    public long Timeout { get; set; }
    public long StartPeriod { get; set; }
    public long StartInterval { get; set; }
    public int Retries { get; set; }
}
