using Wharf.Engine.Events;
using Wharf.Engine.Shims;
using Wharf.Images;

namespace Wharf.Engine.Containers;

/// <summary>The daemon's container engine: create, run, stop, inspect, remove — with Docker's semantics.
/// Split by concern across ContainerService.*.cs files.</summary>
public sealed partial class ContainerService
{
    private readonly EngineOptions _options;
    private readonly ShimLauncher _shims;
    private readonly RuntimeCommands _runtimeCommands;
    private readonly SpecBuilder _specs;

    public ContainerService(EngineOptions options, IImageStore images, ISnapshotter snapshots)
    {
        _options = options;
        Images = images;
        Snapshots = snapshots;
        Paths = new ContainerPaths(options);
        Store = new ContainerStore(Paths);
        Runtimes = new RuntimeRegistry(options);
        _shims = new ShimLauncher(options, Paths);
        _runtimeCommands = new RuntimeCommands(Paths.RuntimeRoot);
        _specs = new SpecBuilder(Paths, name => Store.TryGet(name) is { IsRunning: true } c ? c.Record.State.Pid : null);
        Directory.CreateDirectory(Paths.ContainersDataRoot);
        Directory.CreateDirectory(Path.Combine(options.ExecRoot, "containers"));
    }

    public IImageStore Images { get; }
    public ISnapshotter Snapshots { get; }
    public ContainerPaths Paths { get; }
    public ContainerStore Store { get; }
    public RuntimeRegistry Runtimes { get; }
    public EventBus Events { get; } = new();
    public EngineOptions Options => _options;

    private ShimClient Shim(Container c) => new(Paths.ShimSocket(c.Id));

    private void Log(string message) => _options.Log(message);

    internal static string Rfc3339(DateTime t) =>
        t == default ? "0001-01-01T00:00:00Z" : t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'");

    /// <summary>Publishes a container event with Docker's attributes: image, name and the container's labels.</summary>
    public void Emit(Container c, string action, Dictionary<string, string>? extra = null)
    {
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["image"] = c.Record.Config.Image,
            ["name"] = c.Record.Name.TrimStart('/'),
        };
        foreach (var (k, v) in c.Record.Config.Labels ?? []) attrs[k] = v;
        foreach (var (k, v) in extra ?? []) attrs[k] = v;
        Events.Publish("container", action, c.Id, attrs);
    }
}
