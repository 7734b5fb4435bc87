using static Wharf.Runtime.Native.Flags;

namespace Wharf.Runtime.Setup;

/// <summary>A mount's options split the way mount(2) takes them: flags, propagation changes, and the data string.</summary>
public sealed record MountOptions(long Flags, IReadOnlyList<long> Propagation, string Data, bool Bind, bool Recursive)
{
    /// <summary>Flags that only a second, remounting call can apply to a bind mount.</summary>
    public long RemountFlags => Flags & ~(MS_BIND | MS_REC | MS_REMOUNT);

    private static readonly Dictionary<string, (bool Clear, long Flag)> FlagOptions = new(StringComparer.Ordinal)
    {
        ["defaults"] = (false, 0), ["ro"] = (false, MS_RDONLY), ["rw"] = (true, MS_RDONLY),
        ["suid"] = (true, MS_NOSUID), ["nosuid"] = (false, MS_NOSUID), ["dev"] = (true, MS_NODEV),
        ["nodev"] = (false, MS_NODEV), ["exec"] = (true, MS_NOEXEC), ["noexec"] = (false, MS_NOEXEC),
        ["sync"] = (false, MS_SYNCHRONOUS), ["async"] = (true, MS_SYNCHRONOUS), ["dirsync"] = (false, MS_DIRSYNC),
        ["remount"] = (false, MS_REMOUNT), ["mand"] = (false, MS_MANDLOCK), ["nomand"] = (true, MS_MANDLOCK),
        ["atime"] = (true, MS_NOATIME), ["noatime"] = (false, MS_NOATIME), ["diratime"] = (true, MS_NODIRATIME),
        ["nodiratime"] = (false, MS_NODIRATIME), ["relatime"] = (false, MS_RELATIME),
        ["norelatime"] = (true, MS_RELATIME), ["strictatime"] = (false, MS_STRICTATIME),
        ["nostrictatime"] = (true, MS_STRICTATIME), ["lazytime"] = (false, MS_LAZYTIME),
        ["nolazytime"] = (true, MS_LAZYTIME), ["nosymfollow"] = (false, MS_NOSYMFOLLOW),
    };

    private static readonly Dictionary<string, long> PropagationOptions = new(StringComparer.Ordinal)
    {
        ["private"] = MS_PRIVATE, ["rprivate"] = MS_PRIVATE | MS_REC, ["shared"] = MS_SHARED,
        ["rshared"] = MS_SHARED | MS_REC, ["slave"] = MS_SLAVE, ["rslave"] = MS_SLAVE | MS_REC,
        ["unbindable"] = MS_UNBINDABLE, ["runbindable"] = MS_UNBINDABLE | MS_REC,
    };

    public static MountOptions Parse(IEnumerable<string>? options, string? type)
    {
        long flags = 0;
        var propagation = new List<long>();
        var data = new List<string>();
        var bind = type == "bind";
        var recursive = false;
        foreach (var option in options ?? [])
        {
            if (option is "bind" or "rbind")
            {
                bind = true;
                recursive |= option == "rbind";
            }
            else if (FlagOptions.TryGetValue(option, out var f))
                flags = f.Clear ? flags & ~f.Flag : flags | f.Flag;
            else if (PropagationOptions.TryGetValue(option, out var p))
                propagation.Add(p);
            else if (option is "tmpcopyup" or "idmap" or "ridmap")
                continue; // container-engine hints with no mount(2) meaning here
            else
                data.Add(option);
        }
        if (bind) flags |= MS_BIND | (recursive ? MS_REC : 0);
        return new MountOptions(flags, propagation, string.Join(',', data), bind, recursive);
    }

    /// <summary>The propagation flag for linux.rootfsPropagation, or null when unset.</summary>
    public static long? RootPropagation(string? value)
        => string.IsNullOrEmpty(value) ? null
            : PropagationOptions.TryGetValue(value, out var p) ? p
            : throw new ContainerException($"invalid linux.rootfsPropagation \"{value}\"");
}
