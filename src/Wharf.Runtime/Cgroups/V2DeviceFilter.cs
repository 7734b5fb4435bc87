using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Cgroups;

/// <summary>
/// Device access control on cgroup v2, which has no devices.allow file: the rules must become a
/// BPF_PROG_TYPE_CGROUP_DEVICE program attached to the cgroup.
/// </summary>
internal static class V2DeviceFilter
{
    public static void Attach(string dir, IReadOnlyList<LinuxDeviceCgroup> rules)
        => throw new NotSupportedException(
            $"device rules on cgroup v2 ({dir}) need a cgroup device eBPF program, which Wharf does not build yet");
}
