namespace Wharf.Runtime.Spawn;

/// <summary>
/// Everything the spawner needs: the clone flags, the namespaces the spawning thread joins first, and the
/// ordered steps the child runs. Built by a pure planner; nothing here touches the system.
/// </summary>
public sealed class SpawnPlan
{
    public const int RegisterCount = 8;

    public ulong CloneFlags { get; init; }

    /// <summary>Namespace files (pid, net, ipc, uts, cgroup) the spawning thread setns()es into before clone.</summary>
    public IReadOnlyList<(string Path, int Type)> ThreadNamespaces { get; init; } = [];

    /// <summary>Mount and user namespaces are joined by the child itself (setns there needs a single-threaded task).</summary>
    public string? JoinMountNs { get; init; }

    public List<PlanStep> Steps { get; } = [];

    /// <summary>True when the plan blocks on the exec fifo (create), false when it execs straight away (run, exec).</summary>
    public bool ParksBeforeExec { get; set; }

    public bool HasHooksPoint { get; set; }

    /// <summary>The program, as the user named it (for "executable file not found" errors).</summary>
    public string Program { get; set; } = "";

    /// <summary>Index of the step that searches for the executable, to word its failure like runc.</summary>
    public int FindExecutableStep { get; set; } = -1;

    public bool NeedsConsoleSocket { get; set; }

    public bool NeedsStateDir { get; set; }

    /// <summary>
    /// True when the child stops before exec for the parent: a handshake or hooks point (it reads the sync
    /// pipe), the exec fifo, or namespaces the spawning thread must join first. Otherwise the calling thread
    /// can clone directly and simply stay suspended (CLONE_VFORK) until the child execs.
    /// </summary>
    public bool NeedsSupervisor
        => ParksBeforeExec || ThreadNamespaces.Count > 0 || Steps.Exists(s => s.Op == PlanOp.WaitParent);

    /// <summary>Whether any step names the descriptor <paramref name="which"/>.</summary>
    public bool Uses(SpawnFd which)
        => Steps.Exists(s => s.Args.Any(a => a is PlanArg.Fd f && f.Which == which || a is PlanArg.FdPath p && p.Which == which));

    /// <summary>True when the child moves itself into its cgroups (no handshake needed for that).</summary>
    public bool JoinsCgroupItself { get; set; }

    public PlanStep Add(PlanStep step)
    {
        Steps.Add(step);
        return step;
    }
}
