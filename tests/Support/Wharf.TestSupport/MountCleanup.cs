namespace Wharf.TestSupport;

/// <summary>Unmounts everything mounted under a directory (deepest first), for test teardown.</summary>
public static class MountCleanup
{
    public static void UnmountUnder(string root)
    {
        string prefix = Path.GetFullPath(root).TrimEnd('/') + "/";
        var targets = File.ReadLines("/proc/self/mountinfo")
            .Select(l => l.Split(' ')[4].Replace("\\040", " "))
            .Where(t => t.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(t => t.Length)
            .ToList();
        foreach (var t in targets) ProcessRunner.Run("umount", ["-l", t]);
    }
}
