using Wharf.Runtime;

namespace Wharf.Engine.State;

/// <summary>State writes that a crash cannot tear: temp file, fsync, rename over, fsync the directory.
/// Without <c>durable</c> the two fsyncs are skipped (a few ms each on a busy disk): the rename still keeps the
/// file whole across a daemon crash, only a power loss may bring back the previous content.</summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, bool durable = true)
    {
        string dir = Path.GetDirectoryName(path)!;
        string tmp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp");
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            f.Write(content);
            f.Flush(flushToDisk: durable);
        }
        File.Move(tmp, path, overwrite: true);
        if (durable) SyncDirectory(dir);
    }

    private static void SyncDirectory(string dir)
    {
        int fd = DirectorySync.open(dir, 0 /* O_RDONLY */ | 0x10000 /* O_DIRECTORY */, 0);
        if (fd < 0) throw SyscallException.FromLastError("open", dir);
        try { if (DirectorySync.fsync(fd) < 0) throw SyscallException.FromLastError("fsync", dir); }
        finally { DirectorySync.close(fd); }
    }
}
