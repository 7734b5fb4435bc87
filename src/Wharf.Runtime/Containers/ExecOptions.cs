using OciProcess = Wharf.Oci.Runtime.Process;

namespace Wharf.Runtime.Containers;

/// <summary>The flags of `exec`. Without --process, the container's own process settings are the base.</summary>
public sealed record ExecOptions(string Id)
{
    public OciProcess? Process { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
    public bool Tty { get; init; }
    public string? Cwd { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    /// <summary>UID[:GID] as `exec --user` takes it.</summary>
    public string? User { get; init; }
    public IReadOnlyList<uint> AdditionalGids { get; init; } = [];
    public string? PidFile { get; init; }
    public string? ConsoleSocket { get; init; }
}
