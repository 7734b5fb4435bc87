using System.Runtime.InteropServices;
using Wharf.Images;
using Wharf.Runtime;

namespace Wharf.Engine.Rootfs;

/// <summary>Mounts a snapshot's mount descriptions at a bundle's rootfs, and unmounts it after the container ends.</summary>
public static partial class RootfsMounter
{
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string? fstype, ulong flags, string? data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);

    private const ulong MS_BIND = 0x1000, MS_REC = 0x4000;
    private const int MNT_DETACH = 2, EINVAL = 22, ENOENT = 2;

    /// <summary>Mounts the layers at <paramref name="target"/>. <paramref name="volatileUpper"/> adds overlayfs's
    /// <c>volatile</c> option: the unmount then skips syncing the whole upper filesystem (measured 20-30 ms on a busy
    /// disk), for containers whose writable layer is thrown away when they exit (--rm), as Podman does.</summary>
    public static void Mount(IReadOnlyList<MountDescription> mounts, string target, bool volatileUpper = false)
    {
        Directory.CreateDirectory(target);
        if (IsMountPoint(target)) return; // already mounted (a restart after a daemon crash)
        foreach (var m in mounts)
        {
            bool bind = m.Type == "bind" || m.Options.Contains("bind") || m.Options.Contains("rbind");
            ulong flags = bind ? MS_BIND | (m.Options.Contains("rbind") ? MS_REC : 0) : 0;
            string? data = bind ? null : string.Join(',', m.Options);
            bool addVolatile = volatileUpper && m.Type == "overlay" && m.Options.Any(o => o.StartsWith("upperdir=", StringComparison.Ordinal));
            // Kernels before 5.10 do not know the option (EINVAL): mount without it.
            if (addVolatile && mount(m.Source, target, m.Type, flags, data + ",volatile") == 0) continue;
            if (mount(m.Source, target, bind ? null : m.Type, flags, data) < 0)
                throw SyscallException.FromLastError("mount", $"{m.Type} on {target}");
        }
    }

    public static void Unmount(string target)
    {
        while (IsMountPoint(target))
            if (umount2(target, MNT_DETACH) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno is EINVAL or ENOENT) return;
                throw new SyscallException("umount2", target, errno);
            }
    }

    public static bool IsMountPoint(string path)
    {
        string full = Path.GetFullPath(path).TrimEnd('/');
        try
        {
            foreach (var line in File.ReadLines("/proc/self/mountinfo"))
            {
                var fields = line.Split(' ');
                if (fields.Length > 4 && Unescape(fields[4]) == full) return true;
            }
        }
        catch (IOException) { }
        return false;
    }

    private static string Unescape(string s) => s.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}
