using System.Runtime.InteropServices;

namespace Wharf.Images.Native;

/// <summary>The few libc calls that System.IO lacks: ownership, device nodes, xattrs, link, times without
/// following symlinks, and fsync of a directory. Each wrapper throws <see cref="SyscallException"/>.</summary>
internal static partial class LibC
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    public const int ENODATA = 61;
    public const int ENOTSUP = 95;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Sec; public long Nsec; }

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown_(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknod_(string path, uint mode, ulong dev);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link_(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int lsetxattr_(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint lgetxattr_(string path, string name, byte* value, nuint size);

    [LibraryImport("libc", EntryPoint = "llistxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint llistxattr_(string path, byte* list, nuint size);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int utimensat_(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open_(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int fsync_(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int close_(int fd);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    public static void Lchown(string path, int uid, int gid)
    {
        if (lchown_(path, (uint)uid, (uint)gid) != 0) throw SyscallException.FromLastError("lchown", path);
    }

    /// <summary>mknod with the glibc dev_t encoding of major/minor.</summary>
    public static void Mknod(string path, uint mode, int major, int minor)
    {
        ulong dev = ((ulong)(uint)minor & 0xff) | (((ulong)(uint)major & 0xfff) << 8)
                  | (((ulong)(uint)minor & ~0xffUL) << 12) | (((ulong)(uint)major & ~0xfffUL) << 32);
        if (mknod_(path, mode, dev) != 0) throw SyscallException.FromLastError("mknod", path);
    }

    public static void Link(string existing, string newPath)
    {
        if (link_(existing, newPath) != 0) throw SyscallException.FromLastError("link", newPath);
    }

    public static unsafe void LSetXattr(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
            if (lsetxattr_(path, name, p, (nuint)value.Length, 0) != 0) throw SyscallException.FromLastError("lsetxattr " + name, path);
    }

    /// <summary>The value of an xattr, or null when the file does not have it.</summary>
    public static unsafe byte[]? LGetXattr(string path, string name)
    {
        nint size = lgetxattr_(path, name, null, 0);
        if (size < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is ENODATA or ENOTSUP) return null;
            throw new SyscallException("lgetxattr " + name, path, errno);
        }
        var buffer = new byte[size];
        fixed (byte* p = buffer)
            size = lgetxattr_(path, name, p, (nuint)buffer.Length);
        if (size < 0) throw SyscallException.FromLastError("lgetxattr " + name, path);
        return buffer.AsSpan(0, (int)size).ToArray();
    }

    public static unsafe IReadOnlyList<string> LListXattr(string path)
    {
        nint size = llistxattr_(path, null, 0);
        if (size < 0)
        {
            if (Marshal.GetLastPInvokeError() == ENOTSUP) return [];
            throw SyscallException.FromLastError("llistxattr", path);
        }
        if (size == 0) return [];
        var buffer = new byte[size];
        fixed (byte* p = buffer)
            size = llistxattr_(path, p, (nuint)buffer.Length);
        if (size < 0) throw SyscallException.FromLastError("llistxattr", path);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, (int)size).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Sets atime and mtime of <paramref name="path"/> itself (a symlink is not followed).</summary>
    public static unsafe void SetTimes(string path, DateTimeOffset atime, DateTimeOffset mtime)
    {
        var times = stackalloc Timespec[2];
        times[0] = ToTimespec(atime);
        times[1] = ToTimespec(mtime);
        if (utimensat_(AtFdCwd, path, times, AtSymlinkNoFollow) != 0) throw SyscallException.FromLastError("utimensat", path);
    }

    private static Timespec ToTimespec(DateTimeOffset t)
    {
        long ticks = (t.UtcDateTime - DateTime.UnixEpoch).Ticks;
        long sec = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rem);
        if (rem < 0) { sec--; rem += TimeSpan.TicksPerSecond; }
        return new Timespec { Sec = sec, Nsec = rem * 100 };
    }

    /// <summary>fsync a directory so a rename inside it survives a crash.</summary>
    public static void FsyncDirectory(string path)
    {
        int fd = open_(path, 0x10000 /* O_DIRECTORY */);
        if (fd < 0) throw SyscallException.FromLastError("open", path);
        try
        {
            if (fsync_(fd) != 0) throw SyscallException.FromLastError("fsync", path);
        }
        finally { close_(fd); }
    }
}
