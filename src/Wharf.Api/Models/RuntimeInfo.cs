namespace Wharf.Api.Models;

/// <summary>One entry of /info <c>Runtimes</c> (daemon.json <c>runtimes</c> has the same shape).</summary>
public sealed class RuntimeInfo
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("runtimeArgs")] public List<string>? RuntimeArgs { get; set; }
}
