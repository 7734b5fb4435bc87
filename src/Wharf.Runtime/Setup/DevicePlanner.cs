using Wharf.Oci.Runtime;
using Wharf.Runtime.Native;
using Wharf.Runtime.Spawn;
using static Wharf.Runtime.Native.Flags;

namespace Wharf.Runtime.Setup;

/// <summary>
/// /dev: the default character devices every container gets, linux.devices, and the usual symlinks. A node
/// that mknod may not create (EPERM in a user namespace) is bind-mounted from the host instead.
/// </summary>
public sealed class DevicePlanner(StepWriter w, IHostView host, string rootfs)
{
    public static IReadOnlyList<LinuxDevice> Defaults { get; } =
    [
        new() { Path = "/dev/null", Type = "c", Major = 1, Minor = 3, FileMode = 0x1b6 },
        new() { Path = "/dev/zero", Type = "c", Major = 1, Minor = 5, FileMode = 0x1b6 },
        new() { Path = "/dev/full", Type = "c", Major = 1, Minor = 7, FileMode = 0x1b6 },
        new() { Path = "/dev/random", Type = "c", Major = 1, Minor = 8, FileMode = 0x1b6 },
        new() { Path = "/dev/urandom", Type = "c", Major = 1, Minor = 9, FileMode = 0x1b6 },
        new() { Path = "/dev/tty", Type = "c", Major = 5, Minor = 0, FileMode = 0x1b6 },
    ];

    public void Plan(IEnumerable<LinuxDevice>? extra)
    {
        var devices = new Dictionary<string, LinuxDevice>(StringComparer.Ordinal);
        foreach (var d in Defaults.Concat(extra ?? []))
            devices[d.Path] = d;
        foreach (var device in devices.Values)
            PlanDevice(device);
        w.Symlink("/proc/self/fd", host.ResolveInRoot(rootfs, "/dev/fd"));
        w.Symlink("/proc/self/fd/0", host.ResolveInRoot(rootfs, "/dev/stdin"));
        w.Symlink("/proc/self/fd/1", host.ResolveInRoot(rootfs, "/dev/stdout"));
        w.Symlink("/proc/self/fd/2", host.ResolveInRoot(rootfs, "/dev/stderr"));
        if (!devices.ContainsKey("/dev/ptmx"))
            w.Symlink("pts/ptmx", host.ResolveInRoot(rootfs, "/dev/ptmx"));
    }

    private void PlanDevice(LinuxDevice device)
    {
        if (!device.Path.StartsWith("/dev/", StringComparison.Ordinal))
            throw new ContainerException($"linux.devices: path \"{device.Path}\" must be under /dev");
        var kind = device.Type switch
        {
            "c" or "u" => S_IFCHR,
            "b" => S_IFBLK,
            "p" => S_IFIFO,
            _ => throw new ContainerException($"linux.devices: {device.Path} has invalid type \"{device.Type}\""),
        };
        var target = host.ResolveInRoot(rootfs, device.Path);
        w.MkdirAll(rootfs, Path.GetDirectoryName(target)!);
        var mode = kind | (device.FileMode ?? 0x1b6) & 0xfff;
        var dev = MakeDev(device.Major, device.Minor);
        // mknod, or (EPERM) an empty file with the host's node bound over it.
        w.Add(PlanStep.Sys(Sys.Mknod, "mknod", target, target, mode, dev)
            with { FallbackErrno = ErrnoNames.EPERM, SkipOnSuccess = 2, IgnoreErrno = ErrnoNames.EEXIST, SkipOnIgnore = 2 });
        w.Touch(target);
        w.Mount(device.Path, target, "bind", MS_BIND, null, $"{device.Path} on {target} (bind)");
        if (device.Uid is not null || device.Gid is not null)
            w.Syscall(Sys.Chown, "chown", target, target, device.Uid ?? 0, device.Gid ?? 0);
    }

    /// <summary>glibc's makedev() encoding of a device number.</summary>
    public static long MakeDev(long major, long minor)
        => (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
}
