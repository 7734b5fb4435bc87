using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Wharf.Images.Native;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// The flush calls .NET has no API for: fsync of a directory (so a rename or create inside it survives a
/// crash), fdatasync of a file (its bytes and size, not its timestamps), and starting writeback of a range
/// early with sync_file_range, so a final fdatasync finds little left to write.
/// </summary>
internal static partial class FileSync
{
    private const int O_RDONLY = 0, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;
    private const uint SYNC_FILE_RANGE_WRITE = 2;
    private const int POSIX_FADV_WILLNEED = 3;

    public static void FsyncDirectory(string directory)
    {
        int fd = Open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) throw SyscallException.FromLastError("open", directory);
        try
        {
            if (Fsync(fd) != 0) throw SyscallException.FromLastError("fsync", directory);
        }
        finally { Close(fd); }
    }

    public static void DataSync(SafeFileHandle file, string path)
    {
        if (Fdatasync(file) != 0) throw SyscallException.FromLastError("fdatasync", path);
    }

    /// <summary>Queues the dirty pages of a range for writing without waiting for them (a hint: errors surface at fdatasync).</summary>
    public static void StartWriteback(SafeFileHandle file, long offset, long length) =>
        _ = SyncFileRange(file, offset, length, SYNC_FILE_RANGE_WRITE);

    /// <summary>Starts reading a range into the page cache (readahead: the disk copies, not the CPU); a hint, errors are ignored.</summary>
    public static void StartReadahead(SafeFileHandle file, long offset, long length) => _ = PosixFadvise(file, offset, length, POSIX_FADV_WILLNEED);

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(SafeFileHandle fd, long offset, long length, int advice);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(SafeFileHandle fd);

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long nbytes, uint flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
