using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Containers;

/// <summary>Writes /proc/PID/uid_map and gid_map for a child created with CLONE_NEWUSER, while it waits.</summary>
public static class UserNamespaceMaps
{
    public static void Write(int pid, Linux? linux)
    {
        if (linux?.Namespaces?.Any(n => n.Type == "user" && string.IsNullOrEmpty(n.Path)) != true) return;
        if (linux.UidMappings is not { Count: > 0 } || linux.GidMappings is not { Count: > 0 })
            throw new ContainerException("linux.uidMappings and linux.gidMappings are required with a user namespace");
        WriteMap($"/proc/{pid}/uid_map", linux.UidMappings);
        WriteMap($"/proc/{pid}/gid_map", linux.GidMappings);
    }

    private static void WriteMap(string path, List<IdMapping> mappings)
    {
        var text = string.Concat(mappings.Select(m => $"{m.ContainerId} {m.HostId} {m.Size}\n"));
        try
        {
            File.WriteAllText(path, text);
        }
        catch (IOException e)
        {
            throw new ContainerException($"write {path}: {e.Message}", e);
        }
    }
}
