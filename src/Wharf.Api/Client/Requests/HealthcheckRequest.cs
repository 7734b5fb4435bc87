namespace Wharf.Api.Client.Requests;

/// <summary>Config.Healthcheck; durations in nanoseconds as the API wants.</summary>
public sealed class HealthcheckRequest
{
    public List<string>? Test { get; set; }
    public long Interval { get; set; }
    public long Timeout { get; set; }
    public long StartPeriod { get; set; }
    public long StartInterval { get; set; }
    public int Retries { get; set; }
}
