namespace Wharf.Api.Client.Requests;

/// <summary>HostConfig.LogConfig: the log driver and its options.</summary>
public sealed class LogConfigRequest
{
    public string Type { get; set; } = "";
    public Dictionary<string, string> Config { get; set; } = [];
}
