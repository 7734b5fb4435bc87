namespace Wharf.Api.Models;

/// <summary>/info <c>Plugins</c>: the drivers this daemon has built in.</summary>
public sealed class PluginsInfo
{
    public List<string> Volume { get; set; } = ["local"];
    public List<string> Network { get; set; } = ["bridge", "host", "null"];
    public List<string> Authorization { get; set; } = [];
    public List<string> Log { get; set; } = ["json-file"];
}
