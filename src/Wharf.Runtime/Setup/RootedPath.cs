namespace Wharf.Runtime.Setup;

/// <summary>
/// Joins a container path under a root directory, following symlinks as the container would see them, so a
/// link in an image (<c>/etc/x -> /../../host</c>) can never make a mount land outside the root.
/// </summary>
public static class RootedPath
{
    private const int MaxLinks = 255;

    public static string Resolve(string root, string path)
    {
        root = Path.GetFullPath(root);
        var pending = new Stack<string>(Split(path).Reverse());
        var parts = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            var candidate = Join(root, parts, part);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                parts.Add(part);
                continue;
            }
            if (++links > MaxLinks)
                throw new ContainerException($"too many levels of symbolic links resolving {path} in {root}");
            if (target.StartsWith('/')) parts.Clear();
            foreach (var p in Split(target).Reverse()) pending.Push(p);
        }
        return parts.Count == 0 ? root : Join(root, parts, null);
    }

    private static IEnumerable<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string Join(string root, List<string> parts, string? last)
    {
        var all = last is null ? parts : [.. parts, last];
        return root.TrimEnd('/') + "/" + string.Join('/', all);
    }
}
