namespace Wharf.Api.Models;

/// <summary>no | always | on-failure (with MaximumRetryCount) | unless-stopped; "" means no.</summary>
public sealed class RestartPolicy
{
    public string Name { get; set; } = "";
    public int MaximumRetryCount { get; set; }
}
