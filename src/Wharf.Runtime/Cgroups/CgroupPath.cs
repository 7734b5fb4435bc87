namespace Wharf.Runtime.Cgroups;

/// <summary>
/// Turns an OCI <c>linux.cgroupsPath</c> into a path inside each hierarchy:
/// "/wharf/ID" is used as given, "ID" goes under "/wharf/", and runc's systemd form
/// "slice:prefix:name" maps to the directory systemd would create ("/system.slice/prefix-name.scope").
/// </summary>
public static class CgroupPath
{
    public const string DefaultParent = "/wharf";

    public static string Resolve(string cgroupsPath)
    {
        if (string.IsNullOrWhiteSpace(cgroupsPath))
            throw new ArgumentException("cgroupsPath is empty", nameof(cgroupsPath));

        string path;
        if (cgroupsPath.StartsWith('/'))
            path = cgroupsPath;
        else if (cgroupsPath.Count(c => c == ':') == 2)
            path = FromSystemd(cgroupsPath);
        else
            path = DefaultParent + "/" + cgroupsPath;

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            throw new ArgumentException($"cgroupsPath \"{cgroupsPath}\" names the root cgroup", nameof(cgroupsPath));
        if (parts.Any(p => p is "." or ".."))
            throw new ArgumentException($"cgroupsPath \"{cgroupsPath}\" must not contain \".\" or \"..\"", nameof(cgroupsPath));
        return "/" + string.Join('/', parts);
    }

    /// <summary>"user-1000.slice:docker:abc" → "/user.slice/user-1000.slice/docker-abc.scope".</summary>
    private static string FromSystemd(string value)
    {
        var fields = value.Split(':');
        var slice = fields[0].Length == 0 ? "system.slice" : fields[0];
        var (prefix, name) = (fields[1], fields[2]);
        if (name.Length == 0)
            throw new ArgumentException($"cgroupsPath \"{value}\": systemd form needs a name (slice:prefix:name)");
        if (!slice.EndsWith(".slice", StringComparison.Ordinal) || slice.Contains('/'))
            throw new ArgumentException($"cgroupsPath \"{value}\": invalid slice \"{slice}\"");

        var unit = name.EndsWith(".slice", StringComparison.Ordinal) ? name
            : prefix.Length == 0 ? name + ".scope"
            : $"{prefix}-{name}.scope";
        return ExpandSlice(slice) + "/" + unit;
    }

    /// <summary>systemd nests slices by their dash-separated prefixes: "a-b-c.slice" lives in "a.slice/a-b.slice/".</summary>
    private static string ExpandSlice(string slice)
    {
        if (slice == "-.slice")
            return "";
        var stem = slice[..^".slice".Length];
        if (stem.StartsWith('-') || stem.EndsWith('-') || stem.Contains("--"))
            throw new ArgumentException($"invalid slice name \"{slice}\"");
        var path = "";
        var prefix = "";
        foreach (var component in stem.Split('-'))
        {
            prefix = prefix.Length == 0 ? component : prefix + "-" + component;
            path += "/" + prefix + ".slice";
        }
        return path;
    }
}
