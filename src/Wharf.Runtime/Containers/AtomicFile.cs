using System.Runtime.InteropServices;

namespace Wharf.Runtime.Containers;

/// <summary>Writes a file so that a crash leaves the old or the new content: temp file, fsync, rename, fsync dir.</summary>
public static partial class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        SyncDirectory(dir);
    }

    public static void WriteText(string path, string content) => Write(path, System.Text.Encoding.UTF8.GetBytes(content));

    private static void SyncDirectory(string dir)
    {
        var fd = open(dir, 0x10000 /* O_DIRECTORY */ | 0x80000 /* O_CLOEXEC */);
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
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
