namespace Wharf.Api.Client.Requests;

/// <summary>HostConfig.RestartPolicy: no, always, on-failure[:N], unless-stopped.</summary>
public sealed class RestartPolicyRequest
{
    public string Name { get; set; } = "no";
    public int MaximumRetryCount { get; set; }
}
