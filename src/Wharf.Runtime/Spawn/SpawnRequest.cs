namespace Wharf.Runtime.Spawn;

/// <summary>What a caller hands the <see cref="Spawner"/> besides the plan: descriptors and the moments it acts.</summary>
public sealed class SpawnRequest
{
    public required SpawnPlan Plan { get; init; }

    /// <summary>Connected console socket for process.terminal, or -1.</summary>
    public int ConsoleSocketFd { get; init; } = -1;

    /// <summary>O_PATH descriptor of the container's state directory (holds exec.fifo), or -1.</summary>
    public int StateDirFd { get; init; } = -1;

    /// <summary>
    /// A cgroup2 directory the child is created in (clone3 CLONE_INTO_CGROUP, see <see cref="Clone3"/>), or -1.
    /// Only when <see cref="Clone3.IsSupported"/>; the caller keeps it open until the spawn returns.
    /// </summary>
    public int CgroupDirFd { get; init; } = -1;

    /// <summary>
    /// Starts the child instead of the vfork clone, on the spawning thread (the unshare fallback,
    /// <see cref="Fallback.UnshareStarter"/>); null for the vfork clone. One instance per spawn.
    /// </summary>
    public IChildStarter? Starter { get; init; }

    /// <summary>Runs while the child is parked before its first step: cgroup membership, uid/gid maps.</summary>
    public Action<int>? OnChildStarted { get; init; }

    /// <summary>Runs when the child has made its mounts (prestart / createRuntime hooks).</summary>
    public Action<int>? OnHooksPoint { get; init; }
}

/// <summary>The spawned child: its pid in our namespace, and whether it waits for <c>start</c>.</summary>
public readonly record struct SpawnResult(int Pid, bool Parked);
