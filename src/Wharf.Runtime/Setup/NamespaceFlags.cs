using static Wharf.Runtime.Native.Flags;

namespace Wharf.Runtime.Setup;

/// <summary>OCI namespace type names and their clone(2) flags.</summary>
public static class NamespaceFlags
{
    public static ulong Of(string type) => type switch
    {
        "pid" => CLONE_NEWPID,
        "network" => CLONE_NEWNET,
        "mount" => CLONE_NEWNS,
        "ipc" => CLONE_NEWIPC,
        "uts" => CLONE_NEWUTS,
        "user" => CLONE_NEWUSER,
        "cgroup" => CLONE_NEWCGROUP,
        _ => throw new ContainerException($"linux.namespaces: unknown namespace type \"{type}\""),
    };

    /// <summary>The /proc/PID/ns/ file name for a type, for exec joining a running container.</summary>
    public static string ProcName(string type) => type switch
    {
        "network" => "net",
        "mount" => "mnt",
        _ => type,
    };
}
