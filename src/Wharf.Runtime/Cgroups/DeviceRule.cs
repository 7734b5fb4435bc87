using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Cgroups;

/// <summary>The devices cgroup's rule syntax and checks on OCI device rules.</summary>
public static class DeviceRule
{
    /// <summary>"c 1:3 rwm"; a missing type means all ("a"), missing numbers are wildcards.</summary>
    public static string Format(LinuxDeviceCgroup rule)
    {
        var type = string.IsNullOrEmpty(rule.Type) ? "a" : rule.Type;
        if (type is not ("a" or "b" or "c"))
            throw new ArgumentException($"invalid device rule type \"{rule.Type}\" (want a, b or c)");
        var access = string.IsNullOrEmpty(rule.Access) ? "rwm" : rule.Access;
        if (access.Any(ch => ch is not ('r' or 'w' or 'm')) || access.Distinct().Count() != access.Length)
            throw new ArgumentException($"invalid device access \"{rule.Access}\" (want a combination of r, w and m)");
        if (type == "a")
            return "a";
        return $"{type} {Number(rule.Major)}:{Number(rule.Minor)} {access}";
    }

    private static string Number(long? n) => n is null or < 0 ? "*" : n.Value.ToString();
}
