using System.Runtime.CompilerServices;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// Stores each key as a file under a root directory. Small content is replaced with
/// temp file + fdatasync + rename + fsync of the directory; large content is written in place by an
/// upload, made durable, and then renamed to its final key, so a reader never sees a partial file at a
/// final key, even after a crash.
/// </summary>
public sealed class FileSystemStorage : IRegistryStorage
{
    private const string TempPrefix = ".tmp-";
    /// <summary>A temporary lives milliseconds; one untouched this long was left by a crash.</summary>
    public static readonly TimeSpan SweepGrace = TimeSpan.FromMinutes(1);
    private readonly string _root;
    // Temporaries carry this instance's token, so a sweep can tell a crashed run's leftovers from its own.
    private readonly string _tempPrefix = TempPrefix + Guid.NewGuid().ToString("N")[..8] + "-";

    private readonly bool _directWrites;

    /// <param name="root">The directory everything is stored under; created when missing.</param>
    /// <param name="directWrites">
    /// True: writers use O_DIRECT where the file system allows it (<see cref="DirectFileWriter"/>), so pushed
    /// bytes go to the disk without a copy into the page cache. False (the default): writes go through the
    /// page cache, which the pulls that follow a push are served from. A page the CPU has not yet touched can
    /// be costly to touch the first time (under a hypervisor that takes back free guest memory, as this
    /// project's VMs do); a cached write pays that in the push, a direct write leaves it to whoever first copies
    /// the blob out, which over loopback is the pulling client (bench/registry/README.md, step 6, has the figures).
    /// </param>
    public FileSystemStorage(string root, bool directWrites = false)
    {
        _directWrites = directWrites;
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    /// <summary>
    /// Deletes the temporaries (half-written small files, trees renamed for deletion) that an earlier run
    /// left when it crashed. This instance's own are kept, and so is anything changed in the last
    /// <see cref="SweepGrace"/>, which may belong to another live instance on the same root. Safe while
    /// serving. Returns how many it removed.
    /// </summary>
    public int SweepStaleTemporaries()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var cutoff = DateTime.UtcNow - SweepGrace;
        var stale = Directory.EnumerateFileSystemEntries(_root, TempPrefix + "*", options)
            .Where(p => !Path.GetFileName(p).StartsWith(_tempPrefix, StringComparison.Ordinal) && File.GetLastWriteTimeUtc(p) < cutoff)
            .OrderBy(p => p.Length) // a tree before what it holds, which goes with it
            .ToList();
        int removed = 0;
        foreach (var path in stale)
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else if (File.Exists(path)) File.Delete(path);
                else continue;
                removed++;
            }
            catch (DirectoryNotFoundException) { } // inside a tree removed just before
        }
        return removed;
    }

    private string PathOf(string key) => key.Length == 0 ? _root : Path.Combine(_root, key);

    public ValueTask<StorageStat?> StatAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        var file = new FileInfo(path);
        if (file.Exists) return new(new StorageStat(file.Length, file.LastWriteTimeUtc, false));
        var dir = new DirectoryInfo(path);
        if (dir.Exists) return new(new StorageStat(0, dir.LastWriteTimeUtc, true));
        return new((StorageStat?)null);
    }

    public ValueTask<Stream> OpenReadAsync(string key, long offset, CancellationToken ct = default)
    {
        try
        {
            // Unbuffered: reads land directly in the caller's (the response pipe's) memory; sequential for readahead.
            // Asynchronous, as a socket's sendfile requires of the stream it sends (on Linux reads are pread on the pool either way).
            var stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
            if (offset > 0) stream.Seek(offset, SeekOrigin.Begin);
            return new(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StorageKeyNotFoundException(key);
        }
    }

    public ValueTask<IStorageWriter> OpenWriterAsync(string key, bool append, CancellationToken ct = default)
    {
        var path = PathOf(key);
        // Not durable yet, on purpose: the writer's bytes become durable at commit, and its name when a
        // move puts them where they belong (an upload's own path need not survive a crash).
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        IStorageWriter? direct = _directWrites ? DirectFileWriter.TryOpen(path, append) : null;
        return new(direct ?? new FileSystemWriter(path, append));
    }

    public async ValueTask<byte[]?> GetContentAsync(string key, CancellationToken ct = default)
    {
        try { return await File.ReadAllBytesAsync(PathOf(key), ct); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }

    public ValueTask PutContentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var path = PathOf(key);
        var dir = Path.GetDirectoryName(path)!;
        var unsynced = CreateDirectories(dir);
        if (content.IsEmpty)
        {
            // A marker (a repository's blob link): creating it is atomic already, only its name must be durable.
            // Shared open: .NET's FileShare.None is an flock, and concurrent pushes of one blob link it at once.
            using (new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 0)) { }
            SyncDirectories(dir, unsynced);
            return ValueTask.CompletedTask;
        }
        var temp = Path.Combine(dir, _tempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
            {
                stream.Write(content.Span);
                FileSync.DataSync(stream.SafeFileHandle, temp);
            }
            File.Move(temp, path, overwrite: true);
            SyncDirectories(dir, unsynced);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask MoveAsync(string from, string to, CancellationToken ct = default)
    {
        var source = PathOf(from);
        var target = PathOf(to);
        var dir = Path.GetDirectoryName(target)!;
        var unsynced = CreateDirectories(dir);
        try { File.Move(source, target, overwrite: true); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw new StorageKeyNotFoundException(from); }
        SyncDirectories(dir, unsynced);
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        if (File.Exists(path)) File.Delete(path);
        else if (Directory.Exists(path))
        {
            // Rename first so no reader sees a half-deleted tree, then remove at leisure.
            var doomed = Path.Combine(Path.GetDirectoryName(path)!, _tempPrefix + "del-" + Guid.NewGuid().ToString("N"));
            try { Directory.Move(path, doomed); } catch (DirectoryNotFoundException) { return ValueTask.CompletedTask; }
            Directory.Delete(doomed, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListAsync(string key, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.CompletedTask;
        var path = PathOf(key);
        if (!Directory.Exists(path)) yield break;
        IEnumerable<string> entries;
        try { entries = Directory.EnumerateFileSystemEntries(path).Select(p => Path.GetFileName(p)).ToList(); }
        catch (DirectoryNotFoundException) { yield break; }
        foreach (var name in entries)
        {
            ct.ThrowIfCancellationRequested();
            if (!name.StartsWith(TempPrefix, StringComparison.Ordinal)) yield return name;
        }
    }

    /// <summary>Creates missing directories; returns the parents that got a new entry, not durable yet.</summary>
    private List<string> CreateDirectories(string dir)
    {
        List<string> parents = [];
        for (var d = dir; d.Length > _root.Length && !Directory.Exists(d); d = Path.GetDirectoryName(d)!)
            parents.Add(Path.GetDirectoryName(d)!);
        if (parents.Count > 0) Directory.CreateDirectory(dir);
        return parents;
    }

    /// <summary>
    /// Makes the new entry in <paramref name="dir"/> durable, and the directories created for it. All
    /// changes are made before the first fsync, so on ext4 that one commits the journal with all of them
    /// and the others have no commit left to wait for: one journal commit per operation, not one per path
    /// component.
    /// </summary>
    private static void SyncDirectories(string dir, List<string> createdIn)
    {
        FileSync.FsyncDirectory(dir);
        foreach (var parent in createdIn) FileSync.FsyncDirectory(parent);
    }
}
