using System.Runtime.InteropServices;

namespace Wharf.Images.Native;

/// <summary>lstat(2) as one value: type, permissions, owner, device number, inode, link count, size and mtime
/// (System.IO lacks the owner, device and inode). The struct layout is x86-64 glibc's.</summary>
internal readonly partial record struct FileStatus(uint Mode, int Uid, int Gid, ulong Rdev, ulong Dev, ulong Inode, ulong Links, long Size, DateTimeOffset Mtime)
{
    public const uint TypeMask = 0xF000, Fifo = 0x1000, CharDevice = 0x2000, Directory = 0x4000, BlockDevice = 0x6000,
        Regular = 0x8000, Symlink = 0xA000, Socket = 0xC000;

    public uint Type => Mode & TypeMask;
    public bool IsWhiteout => Type == CharDevice && Rdev == 0;
    public bool IsDirectory => Type == Directory;
    public bool IsRegular => Type == Regular;
    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);
    public int Major => (int)(((Rdev >> 8) & 0xfff) | ((Rdev >> 32) & ~0xfffUL));
    public int Minor => (int)((Rdev & 0xff) | ((Rdev >> 12) & ~0xffUL));

    [StructLayout(LayoutKind.Sequential)]
    private struct StatX64
    {
        public ulong Dev, Ino, Nlink;
        public uint Mode, Uid, Gid, Pad;
        public ulong Rdev;
        public long Size, Blksize, Blocks;
        public long Atime, AtimeNs, Mtime, MtimeNs, Ctime, CtimeNs;
        public long R1, R2, R3;
    }

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lstat_(string path, out StatX64 buf);

    public static FileStatus Of(string path)
    {
        if (lstat_(path, out var st) != 0) throw SyscallException.FromLastError("lstat", path);
        var mtime = DateTimeOffset.FromUnixTimeSeconds(st.Mtime).AddTicks(st.MtimeNs / 100);
        return new FileStatus(st.Mode, (int)st.Uid, (int)st.Gid, st.Rdev, st.Dev, st.Ino, st.Nlink, st.Size, mtime);
    }
}
