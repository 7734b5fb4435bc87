namespace Wharf.Images.Layers;

/// <summary>Resolves parent directories of tar entries inside a root without ever leaving it. A symlink met on the
/// way is followed only when its target is relative and stays inside the root; any other link is refused, so a
/// layer can never write through a link to the host.</summary>
internal sealed class RootedResolver(string root)
{
    private const int MaxLinkHops = 40;

    public string Root { get; } = root.TrimEnd('/');

    /// <summary>The host path of the directory holding <paramref name="components"/>, creating missing directories.</summary>
    public string ParentDirectory(ReadOnlySpan<string> components, bool create)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>();
        for (int i = components.Length - 1; i >= 0; i--) pending.Push(components[i]);
        int hops = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == "..")
            {
                if (resolved.Count == 0) throw new LayerRejectedException($"refusing to write through a link that escapes the root ({string.Join('/', components.ToArray())})");
                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            if (part is "." or "") continue;
            string host = Join(resolved, part);
            var info = new FileInfo(host);
            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops) throw new LayerRejectedException($"too many levels of symbolic links at {host}");
                if (target.StartsWith('/'))
                    throw new LayerRejectedException($"refusing to write through symlink {Relative(host)} -> {target}: absolute target outside the layer");
                // Push the target's parts so "..", "." and nested links resolve against the root too.
                var targetParts = target.Split('/');
                for (int i = targetParts.Length - 1; i >= 0; i--) pending.Push(targetParts[i]);
                continue;
            }
            if (Directory.Exists(host)) { resolved.Add(part); continue; }
            if (File.Exists(host) || info.Exists) throw new LayerRejectedException($"not a directory in layer: {Relative(host)}");
            if (!create) throw new DirectoryNotFoundException(host);
            Directory.CreateDirectory(host);
            resolved.Add(part);
        }
        return resolved.Count == 0 ? Root : Root + "/" + string.Join('/', resolved);
    }

    private string Join(List<string> resolved, string part) =>
        resolved.Count == 0 ? Root + "/" + part : Root + "/" + string.Join('/', resolved) + "/" + part;

    private string Relative(string host) => host.Length > Root.Length ? host[(Root.Length + 1)..] : "/";
}
