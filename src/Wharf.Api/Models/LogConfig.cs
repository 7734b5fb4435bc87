namespace Wharf.Api.Models;

/// <summary>The logging driver of a container; only json-file is served.</summary>
public sealed class LogConfig
{
    public string Type { get; set; } = "json-file";
    public Dictionary<string, string>? Config { get; set; }
}
