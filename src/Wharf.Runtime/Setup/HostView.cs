using Wharf.Runtime.Cgroups;
using Wharf.Runtime.Native;

namespace Wharf.Runtime.Setup;

/// <summary>The real host, read from the file system and /proc.</summary>
public sealed class HostView : IHostView
{
    public static HostView Instance { get; } = new();

    public bool Exists(string path) => Path.Exists(path) || new FileInfo(path).LinkTarget is not null;

    public bool IsDirectory(string path) => Directory.Exists(path);

    public string ResolveInRoot(string root, string path) => RootedPath.Resolve(root, path);

    public int LastCapability => _lastCap.Value;

    private readonly Lazy<int> _lastCap = new(() =>
        int.TryParse(KernelFile.Read("/proc/sys/kernel/cap_last_cap").Trim(), out var n) ? n : 40);

    public IReadOnlyList<CgroupHierarchy> CgroupHierarchies => _hierarchies.Value;

    /// <summary>The host's cgroup mounts, read from mountinfo once per process (a read costs ~0.2 ms of kernel time).</summary>
    public CgroupLayout CgroupLayout => _layout.Value;

    private readonly Lazy<CgroupLayout> _layout = new(CgroupLayout.Detect);

    private readonly Lazy<IReadOnlyList<CgroupHierarchy>> _hierarchies;

    public HostView() => _hierarchies = new(() => ReadHierarchies(CgroupLayout));

    private static IReadOnlyList<CgroupHierarchy> ReadHierarchies(CgroupLayout layout)
    {
        if (layout.Mode == CgroupMode.Unified)
            return [new CgroupHierarchy("", "", [])];
        var list = new List<CgroupHierarchy>();
        foreach (var group in layout.V1Mounts.GroupBy(p => p.Value).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(group.Key);
            var controllers = group.Select(p => p.Key).OrderBy(c => c, StringComparer.Ordinal).ToList();
            var options = string.Join(',', controllers.Select(c => c.StartsWith("name=", StringComparison.Ordinal) ? "none," + c : c));
            var aliases = controllers.Count > 1 ? controllers.Where(c => c != name && !c.StartsWith("name=")).ToList() : [];
            list.Add(new CgroupHierarchy(name, options, aliases));
        }
        return list;
    }
}
