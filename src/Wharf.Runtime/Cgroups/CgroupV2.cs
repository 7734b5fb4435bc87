using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Cgroups;

/// <summary>A cgroup in the single v2 hierarchy: one directory holding every controller's files.</summary>
internal sealed class CgroupV2 : ICgroupBackend
{
    private readonly string _mount;

    public CgroupV2(string mount, string path)
    {
        _mount = mount;
        Dir = mount + path;
    }

    public string Dir { get; }

    public IReadOnlyDictionary<string, string> Paths => new Dictionary<string, string> { [""] = Dir };

    /// <summary>Creates each missing level and enables, in every ancestor, the controllers it offers.</summary>
    public void Create() => Create(enableControllers: true);

    /// <summary>Creates each missing level; on a hybrid host no controller needs enabling just to hold processes.</summary>
    public void Create(bool enableControllers)
    {
        var current = _mount;
        foreach (var part in Dir[_mount.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (enableControllers)
                EnableControllers(current, only: null);
            current = Path.Combine(current, part);
            CgroupFile.CreateDirectories(current);
        }
    }

    /// <summary>Enables <paramref name="controller"/> in every ancestor, if the hierarchy offers it; false if not.</summary>
    public bool EnableController(string controller)
    {
        var current = _mount;
        foreach (var part in Dir[_mount.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!EnableControllers(current, only: controller))
                return false;
            current = Path.Combine(current, part);
        }
        return true;
    }

    /// <summary>Writes "+c" to subtree_control for each offered controller (or just <paramref name="only"/>).</summary>
    private static bool EnableControllers(string dir, string? only)
    {
        var available = (CgroupFile.TryRead(dir, "cgroup.controllers") ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => only is null || c == only).ToArray();
        var enabled = (CgroupFile.TryRead(dir, "cgroup.subtree_control") ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var missing = available.Where(c => !enabled.Contains(c)).ToArray();
        if (missing.Length > 0)
            CgroupFile.Write(dir, "cgroup.subtree_control", string.Join(' ', missing.Select(c => "+" + c)));
        return only is null || available.Length > 0;
    }

    /// <summary>Controllers usable in this cgroup (its cgroup.controllers).</summary>
    public IReadOnlySet<string> Controllers
        => (CgroupFile.TryRead(Dir, "cgroup.controllers") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    public void Apply(LinuxResources resources, bool includeDevices)
        => V2ResourceWriter.Apply(this, resources, includeDevices);

    public void AddProcess(int pid) => CgroupFile.Write(Dir, "cgroup.procs", pid.ToString());

    public IReadOnlyList<string> SelfJoinFiles => [Dir + "/cgroup.procs"];

    public IReadOnlyList<string> V1TaskFiles => [];

    public SafeFileHandle? OpenUnifiedDirectory() => OpenDirectory();

    public SafeFileHandle? OpenDirectory()
    {
        var fd = CgroupNative.Open(Dir, CgroupNative.O_RDONLY | CgroupNative.O_DIRECTORY | CgroupNative.O_CLOEXEC);
        return fd < 0 ? throw SyscallException.FromLastError("open", Dir) : new SafeFileHandle(fd, ownsHandle: true);
    }

    public void SetFrozen(bool frozen, TimeSpan timeout)
    {
        CgroupFile.Write(Dir, "cgroup.freeze", frozen ? "1" : "0");
        var want = frozen ? 1UL : 0UL;
        var clock = Stopwatch.StartNew();
        // cgroup.events reports "frozen 1" once every task has actually stopped.
        while (CgroupFile.ReadKeyValues(Dir, "cgroup.events").GetValueOrDefault("frozen") != want)
        {
            if (clock.Elapsed > timeout)
            {
                if (frozen)
                    CgroupFile.Write(Dir, "cgroup.freeze", "0");
                throw new TimeoutException($"{Dir}/cgroup.events did not report frozen {want}");
            }
            Thread.Sleep(1);
        }
    }

    public bool IsFrozen => CgroupFile.TryRead(Dir, "cgroup.freeze") == "1";

    public IReadOnlyList<int> Pids() => Directory.Exists(Dir) ? CgroupFile.ReadPids(Dir) : [];

    public CgroupStats Stats() => V2StatsReader.Read(Dir);

    public void KillAll(int signal)
    {
        // cgroup.kill (Linux 5.14+) SIGKILLs the whole subtree atomically, forks included.
        if (signal == 9 && CgroupFile.Exists(Dir, "cgroup.kill"))
        {
            CgroupFile.Write(Dir, "cgroup.kill", "1");
            return;
        }
        SetFrozen(true, TimeSpan.FromSeconds(5));
        try
        {
            CgroupTree.Signal(Pids(), signal);
        }
        finally
        {
            SetFrozen(false, TimeSpan.FromSeconds(5));
        }
    }

    public void Destroy(TimeSpan timeout) => CgroupTree.Remove(Dir, timeout);
}
