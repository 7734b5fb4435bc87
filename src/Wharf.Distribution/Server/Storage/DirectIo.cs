using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Wharf.Images.Native;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// The <c>O_DIRECT</c> calls .NET has no API for: opening a file for direct writes and writing aligned
/// blocks at an offset. Direct writes go from the caller's buffer to the disk, skipping the copy into the
/// page cache that dominated the CPU of large pushes.
/// </summary>
internal static partial class DirectIo
{
    private const int O_WRONLY = 1, O_CREAT = 0x40, O_TRUNC = 0x200, O_CLOEXEC = 0x80000, ENOENT = 2;
    public const int EINVAL = 22;
    private const int Mode = 438; // 0666 before the umask, as File.OpenHandle creates files

    // O_DIRECT's value differs by architecture.
    private static int O_DIRECT => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;

    /// <summary>Opens (creating, or truncating unless <paramref name="append"/>) for direct writes; null when the file system refuses O_DIRECT.</summary>
    public static SafeFileHandle? TryOpenForWrite(string path, bool append)
    {
        int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_DIRECT | (append ? 0 : O_TRUNC);
        int fd = Open(path, flags, Mode);
        if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
        int errno = Marshal.GetLastPInvokeError();
        if (errno == EINVAL) return null; // e.g. an older tmpfs: the caller writes through the page cache instead
        if (errno == ENOENT) throw new DirectoryNotFoundException($"open {path}: ENOENT");
        throw new SyscallException("open", path, errno);
    }

    /// <summary>Writes all of <paramref name="data"/> (4 KiB-aligned address, length and offset) at <paramref name="offset"/>.</summary>
    public static unsafe void WriteAligned(SafeFileHandle file, string path, ReadOnlySpan<byte> data, long offset)
    {
        fixed (byte* start = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = PWrite(file, start + done, (nuint)(data.Length - done), offset + done);
                if (n < 0) throw SyscallException.FromLastError("pwrite", path);
                // A short direct write still ends on a block boundary; anything else would leave the next one unaligned.
                if (n == 0 || n % AlignedBufferPool.Alignment != 0)
                    throw new IOException($"pwrite {path}: a direct write stopped after {done + n} of {data.Length} bytes, off a block boundary");
                done += (int)n;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static unsafe partial nint PWrite(SafeFileHandle fd, byte* buffer, nuint count, long offset);
}
