using Wharf.Runtime;

namespace Wharf.Engine.State;

/// <summary>State writes that a crash cannot tear: temp file, fsync, rename over, fsync the directory.</summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        string dir = Path.GetDirectoryName(path)!;
        string tmp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp");
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            f.Write(content);
            f.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        SyncDirectory(dir);
    }

    private static void SyncDirectory(string dir)
    {
        int fd = DirectorySync.open(dir, 0 /* O_RDONLY */ | 0x10000 /* O_DIRECTORY */, 0);
        if (fd < 0) throw SyscallException.FromLastError("open", dir);
        try { if (DirectorySync.fsync(fd) < 0) throw SyscallException.FromLastError("fsync", dir); }
        finally { DirectorySync.close(fd); }
    }
}
