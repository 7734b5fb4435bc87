using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Containers;

/// <summary>
/// The device cgroup rules every container needs on top of config.json's, as runc adds them: mknod of any
/// node, the default devices, the pty devices and linux.devices. They follow the config's rules, so a
/// leading "deny all" keeps its meaning for everything else.
/// </summary>
public static class DefaultDeviceRules
{
    private static readonly (string Type, long? Major, long? Minor, string Access)[] Always =
    [
        ("c", null, null, "m"), ("b", null, null, "m"),
        ("c", 1, 3, "rwm"), ("c", 1, 5, "rwm"), ("c", 1, 7, "rwm"), ("c", 1, 8, "rwm"), ("c", 1, 9, "rwm"),
        ("c", 5, 0, "rwm"), ("c", 5, 1, "rwm"), ("c", 5, 2, "rwm"), ("c", 136, null, "rwm"),
    ];

    public static LinuxResources? Apply(LinuxResources? resources, IEnumerable<LinuxDevice>? devices)
    {
        if (resources?.Devices is not { Count: > 0 }) return resources;
        var rules = new List<LinuxDeviceCgroup>(resources.Devices);
        rules.AddRange(Always.Select(r => new LinuxDeviceCgroup { Allow = true, Type = r.Type, Major = r.Major, Minor = r.Minor, Access = r.Access }));
        rules.AddRange((devices ?? []).Select(d => new LinuxDeviceCgroup
        {
            Allow = true, Type = d.Type == "u" ? "c" : d.Type, Major = d.Major, Minor = d.Minor, Access = "rwm",
        }));
        resources.Devices = rules;
        return resources;
    }
}
