using System.Runtime.InteropServices;

namespace Wharf.Runtime.Containers;

/// <summary>
/// Writes a file so that a crash leaves the old or the new content: temp file, rename. With
/// <c>durable</c> also fsync the file and its directory, so the new content survives power loss; state
/// under /run (lost at reboot anyway) skips that cost, which is most of a container start on a real disk.
/// </summary>
/// <remarks>
/// Plain open/write/rename: FileStream's FileMode.Create takes an flock and ftruncate()s even a new file, and on
/// ext4 a truncate to zero marks the file for writeback at close (auto_da_alloc), which cost a `run` 1% of its CPU
/// and an I/O for a file that is renamed and soon deleted.
/// </remarks>
public static unsafe partial class AtomicFile
{
    private const int O_WRONLY = 1, O_CREAT = 0x40, O_TRUNC = 0x200, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;

    public static void Write(string path, ReadOnlySpan<byte> content, bool durable = true)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0x1b6 /* 0666, less the umask */);
        if (fd < 0) throw SyscallException.FromLastError("open", temp);
        try
        {
            WriteAll(fd, content, temp);
            if (durable && fsync(fd) != 0) throw SyscallException.FromLastError("fsync", temp);
            if (close(fd) != 0)
            {
                fd = -1;
                throw SyscallException.FromLastError("close", temp);
            }
            fd = -1;
            if (rename(temp, path) != 0) throw SyscallException.FromLastError("rename", path);
        }
        catch
        {
            if (fd >= 0) close(fd);
            unlink(temp);
            throw;
        }
        if (durable) SyncDirectory(dir);
    }

    private static void WriteAll(int fd, ReadOnlySpan<byte> content, string path)
    {
        fixed (byte* start = content)
        {
            var done = 0;
            while (done < content.Length)
            {
                var n = write(fd, start + done, content.Length - done);
                if (n < 0 && Marshal.GetLastPInvokeError() == 4 /* EINTR */) continue;
                if (n < 0) throw SyscallException.FromLastError("write", path);
                done += (int)n;
            }
        }
    }

    public static void WriteText(string path, string content, bool durable = true)
        => Write(path, System.Text.Encoding.UTF8.GetBytes(content), durable);

    private static void SyncDirectory(string dir)
    {
        var fd = open(dir, O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) throw SyscallException.FromLastError("open", dir);
        try
        {
            if (fsync(fd) != 0) throw SyscallException.FromLastError("fsync", dir);
        }
        finally
        {
            close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rename(string from, string to);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unlink(string path);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
