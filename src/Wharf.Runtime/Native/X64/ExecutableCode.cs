using System.Runtime.InteropServices;

namespace Wharf.Runtime.Native.X64;

/// <summary>Places machine code from <see cref="X64Emitter"/> in pages of its own, mapped read+execute (never
/// writable and executable at once), for the life of the process.</summary>
internal static partial class ExecutableCode
{
    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4, MapPrivate = 2, MapAnonymous = 0x20;

    /// <summary>Copies <paramref name="code"/> into fresh pages and returns their address; <paramref name="what"/>
    /// names the code in a failed mmap/mprotect.</summary>
    public static nint Load(byte[] code, string what)
    {
        var length = (nuint)((code.Length + 4095) & ~4095);
        var pages = mmap(0, length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (pages == -1)
            throw SyscallException.FromLastError("mmap", what);
        Marshal.Copy(code, 0, pages, code.Length);
        if (mprotect(pages, length, ProtRead | ProtExec) != 0)
            throw SyscallException.FromLastError("mprotect", what);
        return pages;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mprotect(nint addr, nuint length, int prot);
}
