using Microsoft.Win32.SafeHandles;
using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Cgroups;

/// <summary>
/// A container's cgroup on whatever this host mounts: cgroup v2, v1, or the hybrid of both (where the v1
/// hierarchies hold the controllers, so they are used). Opening has no side effects; <see cref="Create"/> makes
/// the directories.
/// </summary>
public sealed class CgroupManager
{
    private static readonly TimeSpan FreezeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DestroyTimeout = TimeSpan.FromSeconds(5);

    private readonly ICgroupBackend _backend;

    private CgroupManager(CgroupMode mode, string path, ICgroupBackend backend)
    {
        Mode = mode;
        Path = path;
        _backend = backend;
    }

    /// <summary>The host's cgroup arrangement.</summary>
    public CgroupMode Mode { get; }

    /// <summary>Path inside each hierarchy, e.g. "/wharf/ID".</summary>
    public string Path { get; }

    /// <summary>
    /// Controller → directory on v1 (cpu, memory, …); the cgroup2 directory has the key "" (the only entry on
    /// a unified host, an extra one on a hybrid host).
    /// </summary>
    public IReadOnlyDictionary<string, string> Paths => _backend.Paths;

    /// <summary>Opens the cgroup named by an OCI cgroupsPath ("/wharf/ID", "ID" or "slice:prefix:name").</summary>
    public static CgroupManager Open(string cgroupsPath) => Open(cgroupsPath, CgroupLayout.Detect());

    public static CgroupManager Open(string cgroupsPath, CgroupLayout layout)
    {
        var path = CgroupPath.Resolve(cgroupsPath);
        ICgroupBackend backend = layout.Mode == CgroupMode.Unified
            ? new CgroupV2(layout.UnifiedMount!, path)
            : new CgroupV1(layout, path);
        return new CgroupManager(layout.Mode, path, backend);
    }

    public void Create() => _backend.Create();

    /// <summary>Applies every set resource, device rules included; null applies nothing.</summary>
    public void Apply(LinuxResources? resources)
    {
        if (resources is not null)
            _backend.Apply(resources, includeDevices: true);
    }

    /// <summary><c>docker update</c>: changes the limits that are set, leaves device rules as they are.</summary>
    public void Update(LinuxResources resources) => _backend.Apply(resources, includeDevices: false);

    public void AddProcess(int pid) => _backend.AddProcess(pid);

    /// <summary>
    /// The files a new single-threaded process writes "0" to, in order, to move itself into this cgroup before
    /// it does anything else. On v1 these are the <c>tasks</c> files: moving only the calling thread takes no
    /// cgroup_threadgroup_rwsem, so it skips the RCU grace period that every first write of a pid to
    /// <c>cgroup.procs</c> waits for (6-14 ms measured here, 0.05 ms for <c>tasks</c>). v2 has no such file
    /// for a domain cgroup, so there it is <c>cgroup.procs</c>.
    /// </summary>
    public IReadOnlyList<string> SelfJoinFiles => _backend.SelfJoinFiles;

    /// <summary>
    /// The cgroup2 directory a child can be created in with <c>clone3(CLONE_INTO_CGROUP)</c>: the only one on a
    /// cgroup v2 host, the unified one on a hybrid host; null on a v1-only host. Such a child still joins the v1
    /// hierarchies itself through <see cref="V1TaskFiles"/>.
    /// </summary>
    public SafeFileHandle? OpenUnifiedDirectoryFd() => _backend.OpenUnifiedDirectory();

    /// <summary><see cref="SelfJoinFiles"/> without the cgroup2 one: the v1 <c>tasks</c> files (none on a v2 host).</summary>
    public IReadOnlyList<string> V1TaskFiles => _backend.V1TaskFiles;

    /// <summary>
    /// The cgroup's directory for <c>clone3(CLONE_INTO_CGROUP)</c>; null unless the host is cgroup v2 only,
    /// because v1 controllers cannot be entered that way.
    /// </summary>
    public SafeFileHandle? OpenV2DirectoryFd() => _backend.OpenDirectory();

    /// <summary>Freezes every process and returns once the kernel reports them all stopped.</summary>
    public void Freeze() => _backend.SetFrozen(true, FreezeTimeout);

    public void Thaw() => _backend.SetFrozen(false, FreezeTimeout);

    public bool IsFrozen => _backend.IsFrozen;

    public IReadOnlyList<int> Pids() => _backend.Pids();

    public CgroupStats Stats() => _backend.Stats();

    /// <summary>Signals every process in the cgroup (atomically via cgroup.kill for SIGKILL on v2).</summary>
    public void KillAll(int signal) => _backend.KillAll(signal);

    /// <summary>Removes the cgroup's directories (and child cgroups), waiting briefly for exiting processes.</summary>
    public void Destroy() => _backend.Destroy(DestroyTimeout);
}
