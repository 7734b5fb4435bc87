using System.Runtime.InteropServices;

namespace Wharf.Runtime.Containers;

/// <summary>
/// Writes a file so that a crash leaves the old or the new content: temp file, rename. With
/// <c>durable</c> also fsync the file and its directory, so the new content survives power loss; state
/// under /run (lost at reboot anyway) skips that cost, which is most of a container start on a real disk.
/// </summary>
public static partial class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, bool durable = true)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: durable);
        }
        File.Move(temp, path, overwrite: true);
        if (durable) SyncDirectory(dir);
    }

    public static void WriteText(string path, string content, bool durable = true)
        => Write(path, System.Text.Encoding.UTF8.GetBytes(content), durable);

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
