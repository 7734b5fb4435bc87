namespace Wharf.Engine;

/// <summary>What the engine needs from the daemon's configuration.</summary>
public sealed class EngineOptions
{
    public required string DataRoot { get; init; }
    public required string ExecRoot { get; init; }
    /// <summary>Folder holding wharf-shim and wharf-runtime (normally next to wharfd).</summary>
    public required string BinDir { get; init; }
    public string DefaultRuntime { get; init; } = "wharf-runtime";
    /// <summary>Runtime name → binary path (daemon.json <c>runtimes</c>); runc, crun and wharf-runtime are always known.</summary>
    public Dictionary<string, string> Runtimes { get; init; } = [];
    public bool LiveRestore { get; init; }
    /// <summary>Containers whose HostConfig.Init is unset get an init (dockerd's <c>--init</c>).</summary>
    public bool DefaultInit { get; init; }
    /// <summary>A static init binary to bind at /sbin/docker-init instead of the generated one (<c>--init-path</c>).</summary>
    public string? InitPath { get; init; }
    /// <summary>Keep one shim started ahead of the next container start (see <see cref="Shims.ShimLauncher"/>).</summary>
    public bool SpareShim { get; init; } = true;
    public Action<string> Log { get; init; } = _ => { };
}
