using Wharf.Oci.Runtime;

namespace Wharf.Engine.Containers;

/// <summary>The parts of Docker's default OCI spec that do not depend on the request.</summary>
public static class DefaultSpec
{
    public static List<Mount> BaseMounts(bool privileged) =>
    [
        new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "noexec", "nodev"] },
        new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
        new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
        new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = privileged ? ["nosuid", "noexec", "nodev"] : ["nosuid", "noexec", "nodev", "ro"] },
        new() { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = privileged ? ["nosuid", "noexec", "nodev", "relatime"] : ["ro", "nosuid", "noexec", "nodev", "relatime"] },
        new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
    ];

    public static readonly List<string> MaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    public static readonly List<string> ReadonlyPaths =
        ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    /// <summary>Docker's device cgroup: deny all, then mknod anything and use the standard character devices.</summary>
    public static List<LinuxDeviceCgroup> DeviceRules(bool privileged) => privileged
        ? [new() { Allow = true, Access = "rwm" }]
        :
        [
            new() { Allow = false, Access = "rwm" },
            new() { Allow = true, Type = "c", Access = "m" },
            new() { Allow = true, Type = "b", Access = "m" },
            Char(1, 3), Char(1, 5), Char(1, 7), Char(1, 8), Char(1, 9), Char(5, 0), Char(5, 1), Char(5, 2),
            new() { Allow = true, Type = "c", Major = 136, Access = "rwm" },
            Char(10, 200),
        ];

    private static LinuxDeviceCgroup Char(long major, long minor) => new() { Allow = true, Type = "c", Major = major, Minor = minor, Access = "rwm" };

    public static readonly Dictionary<string, string> RlimitNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["core"] = "RLIMIT_CORE", ["cpu"] = "RLIMIT_CPU", ["data"] = "RLIMIT_DATA", ["fsize"] = "RLIMIT_FSIZE",
        ["locks"] = "RLIMIT_LOCKS", ["memlock"] = "RLIMIT_MEMLOCK", ["msgqueue"] = "RLIMIT_MSGQUEUE", ["nice"] = "RLIMIT_NICE",
        ["nofile"] = "RLIMIT_NOFILE", ["nproc"] = "RLIMIT_NPROC", ["rss"] = "RLIMIT_RSS", ["rtprio"] = "RLIMIT_RTPRIO",
        ["rttime"] = "RLIMIT_RTTIME", ["sigpending"] = "RLIMIT_SIGPENDING", ["stack"] = "RLIMIT_STACK", ["as"] = "RLIMIT_AS",
    };
}
