using Wharf.Api.Models;

namespace Wharf.Engine.Containers;

/// <summary>A container as stored in <c>containers/&lt;id&gt;/config.v2.json</c>: what inspect shows plus bookkeeping.</summary>
public sealed class ContainerRecord
{
    public string Id { get; set; } = "";
    /// <summary>With the leading slash, as Docker stores and shows it.</summary>
    public string Name { get; set; } = "";
    public DateTime Created { get; set; }
    public string Path { get; set; } = "";
    public List<string> Args { get; set; } = [];
    public ContainerConfig Config { get; set; } = new();
    public HostConfig HostConfig { get; set; } = new();
    public string ImageId { get; set; } = "";
    public string ImageChainId { get; set; } = "";
    public ContainerState State { get; set; } = new();
    public int RestartCount { get; set; }
    /// <summary>Stopped by a user (stop/kill): restart policies other than always do not bring it back.</summary>
    public bool ManuallyStopped { get; set; }
    public bool HasBeenStarted { get; set; }
    /// <summary>The runtime binary path chosen at create.</summary>
    public string RuntimePath { get; set; } = "";
}
