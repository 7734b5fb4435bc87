using Wharf.Runtime.Setup;

namespace Wharf.Runtime.Tests.Support;

/// <summary>A host for planner unit tests: chosen files and directories, no symlinks, cgroup v2.</summary>
public sealed class FakeHost : IHostView
{
    public HashSet<string> Directories { get; } = ["/host/data"];
    public HashSet<string> Files { get; } = ["/host/file"];

    public bool Exists(string path) => Directories.Contains(path) || Files.Contains(path);
    public bool IsDirectory(string path) => Directories.Contains(path);
    public string ResolveInRoot(string root, string path) => root.TrimEnd('/') + "/" + path.TrimStart('/');
    public int LastCapability => 40;
    public IReadOnlyList<CgroupHierarchy> CgroupHierarchies { get; set; } = [new("", "", [])];
}
