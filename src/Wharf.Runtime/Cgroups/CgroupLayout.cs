using Wharf.Runtime.Native;

namespace Wharf.Runtime.Cgroups;

public enum CgroupMode
{
    /// <summary>Only cgroup v1 hierarchies.</summary>
    Legacy,
    /// <summary>cgroup v1 controllers plus an (often controller-less) cgroup2 at /sys/fs/cgroup/unified.</summary>
    Hybrid,
    /// <summary>cgroup v2 only, mounted at /sys/fs/cgroup.</summary>
    Unified,
}

/// <summary>
/// Where the cgroup hierarchies are mounted, read from /proc/self/mountinfo. On hybrid hosts the v1
/// hierarchies carry the controllers, so Wharf uses them there.
/// </summary>
public sealed class CgroupLayout
{
    private CgroupLayout(CgroupMode mode, IReadOnlyDictionary<string, string> v1Mounts, string? unifiedMount)
    {
        Mode = mode;
        V1Mounts = v1Mounts;
        UnifiedMount = unifiedMount;
    }

    public CgroupMode Mode { get; }

    /// <summary>v1 controller name (cpu, memory, name=systemd, …) → mount point.</summary>
    public IReadOnlyDictionary<string, string> V1Mounts { get; }

    /// <summary>The cgroup2 mount point, if any.</summary>
    public string? UnifiedMount { get; }

    public static CgroupLayout Detect() => Parse(KernelFile.Read("/proc/self/mountinfo"));

    /// <summary>A layout that treats <paramref name="mountPoint"/> as the whole cgroup v2 hierarchy.</summary>
    public static CgroupLayout UnifiedAt(string mountPoint)
        => new(CgroupMode.Unified, new Dictionary<string, string>(), mountPoint);

    /// <summary>Reads the cgroup mounts out of a mountinfo text (see proc(5)).</summary>
    public static CgroupLayout Parse(string mountinfo, string cgroupRoot = "/sys/fs/cgroup")
    {
        var v1 = new Dictionary<string, string>(StringComparer.Ordinal);
        string? unified = null;
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS"
            var dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0)
                continue;
            var left = line[..dash].Split(' ');
            var right = line[(dash + 3)..].Split(' ');
            if (left.Length < 5 || right.Length < 3)
                continue;
            var mountPoint = Unescape(left[4]);
            switch (right[0])
            {
                case "cgroup2":
                    // Prefer the conventional location if cgroup2 is mounted more than once.
                    if (unified is null || mountPoint == cgroupRoot || mountPoint == cgroupRoot + "/unified")
                        unified = mountPoint;
                    break;
                case "cgroup":
                    foreach (var option in right[2].Split(','))
                        if (IsController(option) && !v1.ContainsKey(option))
                            v1[option] = mountPoint;
                    break;
            }
        }

        var mode = unified == cgroupRoot ? CgroupMode.Unified
            : v1.Count == 0 && unified is not null ? CgroupMode.Unified
            : unified is not null ? CgroupMode.Hybrid
            : CgroupMode.Legacy;
        if (mode == CgroupMode.Legacy && v1.Count == 0)
            throw new InvalidOperationException("no cgroup hierarchy is mounted (checked /proc/self/mountinfo)");
        return new CgroupLayout(mode, v1, unified);
    }

    private static bool IsController(string option)
        => option.StartsWith("name=", StringComparison.Ordinal)
           || option is "cpu" or "cpuacct" or "cpuset" or "memory" or "devices" or "freezer" or "blkio" or "pids"
               or "hugetlb" or "net_cls" or "net_prio" or "perf_event" or "rdma" or "misc";

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal.</summary>
    private static string Unescape(string field)
        => field.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}
