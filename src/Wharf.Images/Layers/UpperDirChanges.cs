using Wharf.Images.Native;

namespace Wharf.Images.Layers;

/// <summary><c>docker diff</c> from a container's overlay upper dir: a whiteout is a deletion, anything else is
/// added when no lower layer has the path and modified when one does.</summary>
public static class UpperDirChanges
{
    public static IReadOnlyList<FileChange> List(string upperDir, IReadOnlyList<string> lowerDirs)
    {
        var changes = new List<FileChange>();
        Walk(upperDir.TrimEnd('/'), "", lowerDirs, changes);
        return changes;
    }

    private static void Walk(string upper, string relative, IReadOnlyList<string> lowers, List<FileChange> changes)
    {
        string dir = relative.Length == 0 ? upper : upper + relative;
        foreach (var name in Directory.EnumerateFileSystemEntries(dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal))
        {
            string rel = relative + "/" + name;
            var st = FileStatus.Of(upper + rel);
            if (st.IsWhiteout) { changes.Add(new FileChange(rel, ChangeKind.Deleted)); continue; }
            changes.Add(new FileChange(rel, InLowers(rel, lowers) ? ChangeKind.Modified : ChangeKind.Added));
            if (st.IsDirectory) Walk(upper, rel, lowers, changes);
        }
    }

    /// <summary>Whether the merged lower layers show <paramref name="rel"/>: the topmost layer that mentions it
    /// decides (a whiteout there means absent).</summary>
    private static bool InLowers(string rel, IReadOnlyList<string> lowers)
    {
        foreach (var lower in lowers)
        {
            string path = lower + rel;
            if (!Path.Exists(path) && new FileInfo(path).LinkTarget is null) continue;
            return !FileStatus.Of(path).IsWhiteout;
        }
        return false;
    }
}
