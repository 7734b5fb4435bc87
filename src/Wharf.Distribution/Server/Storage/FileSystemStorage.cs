using System.Runtime.CompilerServices;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// Stores each key as a file under a root directory. Small content is replaced with
/// temp file + fsync + rename + fsync of the directory; large content is written in place by an
/// upload and then renamed to its final key, so a reader never sees a partial file at a final key.
/// </summary>
public sealed class FileSystemStorage : IRegistryStorage
{
    private const string TempPrefix = ".tmp-";
    private readonly string _root;

    public FileSystemStorage(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

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
            var stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.SequentialScan);
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
        CreateDirectoryDurably(Path.GetDirectoryName(path)!);
        var stream = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete, 0);
        return new(new FileWriter(stream));
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
        CreateDirectoryDurably(dir);
        if (content.IsEmpty)
        {
            // A marker (a repository's blob link): creating it is atomic already, only its name must be durable.
            // Shared open: .NET's FileShare.None is an flock, and concurrent pushes of one blob link it at once.
            using (new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 0)) { }
            DirectorySync.Fsync(dir);
            return ValueTask.CompletedTask;
        }
        var temp = Path.Combine(dir, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
            {
                stream.Write(content.Span);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            DirectorySync.Fsync(dir);
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
        CreateDirectoryDurably(dir);
        try { File.Move(source, target, overwrite: true); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw new StorageKeyNotFoundException(from); }
        DirectorySync.Fsync(dir);
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        if (File.Exists(path)) File.Delete(path);
        else if (Directory.Exists(path))
        {
            // Rename first so no reader sees a half-deleted tree, then remove at leisure.
            var doomed = Path.Combine(Path.GetDirectoryName(path)!, TempPrefix + "del-" + Guid.NewGuid().ToString("N"));
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

    /// <summary>Creates missing directories and fsyncs each new one's parent, so a key's path survives a crash with it.</summary>
    private void CreateDirectoryDurably(string dir)
    {
        if (Directory.Exists(dir) || dir.Length <= _root.Length) return;
        var parent = Path.GetDirectoryName(dir)!;
        CreateDirectoryDurably(parent);
        Directory.CreateDirectory(dir);
        DirectorySync.Fsync(parent);
    }

    private sealed class FileWriter(FileStream stream) : IStorageWriter
    {
        public Stream Stream => stream;
        public long Size => stream.Length;

        public ValueTask CommitAsync(CancellationToken ct = default)
        {
            stream.Flush(flushToDisk: true);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }
}
