using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Cgroups;

/// <summary>
/// A cgroup on v1 hierarchies: one directory per mounted controller, all at the same relative path
/// (e.g. /sys/fs/cgroup/memory/wharf/ID, /sys/fs/cgroup/pids/wharf/ID, …). On a hybrid host the process also
/// joins the same path in the cgroup2 hierarchy, as runc does, which serves controllers that no v1 hierarchy
/// holds (hugetlb on some hosts).
/// </summary>
internal sealed class CgroupV1 : ICgroupBackend
{
    // Controllers Wharf places containers in; named hierarchies (name=systemd) are left to systemd.
    private static readonly string[] Controllers =
        ["cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "hugetlb", "net_cls",
         "net_prio", "perf_event", "rdma", "misc"];

    private readonly Dictionary<string, string> _dirs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _mounts = new(StringComparer.Ordinal);
    private readonly CgroupV2? _unified;

    public CgroupV1(CgroupLayout layout, string path)
    {
        foreach (var controller in Controllers)
        {
            if (layout.V1Mounts.TryGetValue(controller, out var mount))
            {
                _mounts[controller] = mount;
                _dirs[controller] = mount + path;
            }
        }
        if (_dirs.Count == 0)
            throw new InvalidOperationException("no cgroup v1 controller is mounted");
        if (layout.Mode == CgroupMode.Hybrid && layout.UnifiedMount is { } unified)
            _unified = new CgroupV2(unified, path);
    }

    /// <summary>Controller → directory; the cgroup2 directory of a hybrid host has the key "".</summary>
    public IReadOnlyDictionary<string, string> Paths
        => _unified is null ? _dirs : new Dictionary<string, string>(_dirs) { [""] = _unified.Dir };

    /// <summary>The cgroup2 side of a hybrid host.</summary>
    internal CgroupV2? Unified => _unified;

    internal string? Dir(string controller) => _dirs.GetValueOrDefault(controller);

    public void Create()
    {
        foreach (var (controller, dir) in _dirs)
        {
            if (controller == "cpuset")
                CreateCpuset(_mounts[controller], dir);
            else
                CgroupFile.CreateDirectories(dir);
        }
        _unified?.Create(enableControllers: false);
    }

    /// <summary>
    /// A new v1 cpuset starts with empty cpus/mems and refuses tasks, so every level created copies them from its
    /// parent. A level made here is known to be empty; only one that existed is read, and its values serve the next.
    /// </summary>
    private static void CreateCpuset(string mount, string dir)
    {
        var current = mount;
        string? cpus = null, mems = null; // the values of `current`, once read
        foreach (var part in dir[mount.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var parent = current;
            current = Path.Combine(current, part);
            var created = CgroupFile.CreateDirectory(current);
            cpus = CopyCpusetValue(parent, current, "cpuset.cpus", parentValue: cpus, created);
            mems = CopyCpusetValue(parent, current, "cpuset.mems", parentValue: mems, created);
        }
    }

    /// <summary>The level's own value if it has one, else the parent's, written into it; returns the level's value.</summary>
    private static string CopyCpusetValue(string parent, string current, string file, string? parentValue, bool created)
    {
        if (!created && CgroupFile.TryRead(current, file) is { Length: > 0 } own)
            return own;
        var value = parentValue ?? CgroupFile.Read(parent, file).Trim();
        CgroupFile.Write(current, file, value);
        return value;
    }

    public void Apply(LinuxResources resources, bool includeDevices)
        => V1ResourceWriter.Apply(this, resources, includeDevices);

    public void AddProcess(int pid)
    {
        foreach (var dir in _dirs.Values)
            CgroupFile.Write(dir, "cgroup.procs", pid.ToString());
        _unified?.AddProcess(pid);
    }

    /// <summary>One <c>tasks</c> file per mounted hierarchy (co-mounted controllers share a directory).</summary>
    public IReadOnlyList<string> SelfJoinFiles => [.. V1TaskFiles, .. _unified?.SelfJoinFiles ?? []];

    public IReadOnlyList<string> V1TaskFiles
    {
        get
        {
            // A loop, not Distinct().Select(): in NativeAOT those generic virtual calls took a slow lookup per `run`.
            var files = new List<string>(_dirs.Count);
            foreach (var dir in _dirs.Values)
                if (!files.Contains(dir + "/tasks"))
                    files.Add(dir + "/tasks");
            return files;
        }
    }

    public SafeFileHandle? OpenDirectory() => null;

    /// <summary>The hybrid host's cgroup2 directory (a real cgroup2 hierarchy, so clone3 can start a child in it).</summary>
    public SafeFileHandle? OpenUnifiedDirectory() => _unified?.OpenDirectory();

    public void SetFrozen(bool frozen, TimeSpan timeout)
    {
        var dir = Dir("freezer") ?? throw new InvalidOperationException("the freezer cgroup controller is not mounted");
        var want = frozen ? "FROZEN" : "THAWED";
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // Writing again matters: a freeze that races with a fork can stall in FREEZING until retried.
            CgroupFile.Write(dir, "freezer.state", want);
            var state = CgroupFile.Read(dir, "freezer.state").Trim();
            if (state == want)
                return;
            if (clock.Elapsed > timeout)
            {
                if (frozen)
                    CgroupFile.Write(dir, "freezer.state", "THAWED");
                throw new TimeoutException($"{dir}/freezer.state stayed {state}, wanted {want}");
            }
            Thread.Sleep(1);
        }
    }

    public bool IsFrozen
        => Dir("freezer") is { } dir && CgroupFile.TryRead(dir, "freezer.state") is "FROZEN" or "FREEZING";

    public IReadOnlyList<int> Pids()
    {
        // Every controller holds the same processes; pick one that is certainly there.
        var dir = Dir("pids") ?? Dir("freezer") ?? Dir("memory") ?? _dirs.Values.First();
        return Directory.Exists(dir) ? CgroupFile.ReadPids(dir) : [];
    }

    public CgroupStats Stats() => V1StatsReader.Read(this);

    /// <summary>Freezes first when possible so that nothing forks between listing and signalling.</summary>
    public void KillAll(int signal)
    {
        var canFreeze = Dir("freezer") is { } f && Directory.Exists(f);
        if (canFreeze)
            SetFrozen(true, TimeSpan.FromSeconds(5));
        try
        {
            CgroupTree.Signal(Pids(), signal);
        }
        finally
        {
            if (canFreeze)
                SetFrozen(false, TimeSpan.FromSeconds(5));
        }
    }

    public void Destroy(TimeSpan timeout)
    {
        foreach (var dir in _dirs.Values)
            CgroupTree.Remove(dir, timeout);
        _unified?.Destroy(timeout);
    }
}
