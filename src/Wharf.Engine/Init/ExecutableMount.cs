using System.Runtime.InteropServices;
using Wharf.Runtime;

namespace Wharf.Engine.Init;

/// <summary>Whether programs may run from a directory's mount. A bind mount inherits the source's noexec, so an
/// init written under a noexec /run (Debian's initramfs mounts it so) could be mounted but not executed.</summary>
internal static partial class ExecutableMount
{
    private const ulong StNoexec = 8;

    public static bool AllowsExec(string directory)
    {
        if (statvfs(directory, out var info) != 0) throw SyscallException.FromLastError("statvfs", directory);
        return (info.Flag & StNoexec) == 0;
    }

    /// <summary>glibc's struct statvfs on x86-64.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Statvfs
    {
        public ulong BlockSize, FragmentSize, Blocks, BlocksFree, BlocksAvailable, Files, FilesFree, FilesAvailable, FsId;
        public ulong Flag, NameMax;
        private unsafe fixed int _spare[6];
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statvfs(string path, out Statvfs buf);
}
