namespace Wharf.Runtime.Setup;

/// <summary>
/// What the planners need to know about the host, and nothing more: the seam that keeps planning pure, so
/// unit tests can check the produced plan without root (see STYLE.md, the youki example).
/// </summary>
public interface IHostView
{
    bool Exists(string path);

    bool IsDirectory(string path);

    /// <summary>Joins <paramref name="path"/> under <paramref name="root"/>, resolving symlinks as if root were "/".</summary>
    string ResolveInRoot(string root, string path);

    /// <summary>Highest capability number the kernel knows (/proc/sys/kernel/cap_last_cap).</summary>
    int LastCapability { get; }

    /// <summary>The cgroup hierarchies a "cgroup" mount shows: directory name under /sys/fs/cgroup and mount options;
    /// a single entry with an empty name means cgroup v2.</summary>
    IReadOnlyList<CgroupHierarchy> CgroupHierarchies { get; }
}

/// <summary>One cgroup hierarchy as a container sees it: <c>cpu,cpuacct</c> with options <c>cpu,cpuacct</c>.</summary>
public sealed record CgroupHierarchy(string Name, string Options, IReadOnlyList<string> Aliases);
