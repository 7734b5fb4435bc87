using System.Runtime.CompilerServices;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// Keeps every key in process memory. It proves the storage seam (the shared driver test suite runs
/// against it too) and serves throwaway registries in tests. Directories are implied by key prefixes.
/// </summary>
public sealed class InMemoryStorage : IRegistryStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _files = new(StringComparer.Ordinal);

    private sealed record Entry(byte[] Bytes, DateTimeOffset Modified);

    public ValueTask<StorageStat?> StatAsync(string key, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_files.TryGetValue(key, out var e)) return new(new StorageStat(e.Bytes.LongLength, e.Modified, false));
            var prefix = key.Length == 0 ? "" : key + "/";
            foreach (var k in _files.Keys)
                if (k.StartsWith(prefix, StringComparison.Ordinal)) return new(new StorageStat(0, DateTimeOffset.UtcNow, true));
        }
        return new((StorageStat?)null);
    }

    public ValueTask<Stream> OpenReadAsync(string key, long offset, CancellationToken ct = default)
    {
        byte[] bytes;
        lock (_lock)
        {
            if (!_files.TryGetValue(key, out var e)) throw new StorageKeyNotFoundException(key);
            bytes = e.Bytes;
        }
        var stream = new MemoryStream(bytes, writable: false);
        stream.Position = Math.Min(offset, bytes.LongLength);
        return new(stream);
    }

    public ValueTask<IStorageWriter> OpenWriterAsync(string key, bool append, CancellationToken ct = default)
    {
        var buffer = new MemoryStream();
        lock (_lock)
        {
            if (append && _files.TryGetValue(key, out var e)) buffer.Write(e.Bytes);
        }
        return new(new MemoryWriter(this, key, buffer));
    }

    public ValueTask<byte[]?> GetContentAsync(string key, CancellationToken ct = default)
    {
        lock (_lock) return new(_files.TryGetValue(key, out var e) ? e.Bytes : null);
    }

    public ValueTask PutContentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        lock (_lock) _files[key] = new Entry(content.ToArray(), DateTimeOffset.UtcNow);
        return ValueTask.CompletedTask;
    }

    public ValueTask MoveAsync(string from, string to, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_files.Remove(from, out var e)) throw new StorageKeyNotFoundException(from);
            _files[to] = e;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(string key, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _files.Remove(key);
            var prefix = key + "/";
            foreach (var k in _files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) _files.Remove(k);
        }
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListAsync(string key, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.CompletedTask;
        var prefix = key.Length == 0 ? "" : key + "/";
        List<string> children;
        lock (_lock)
        {
            children = _files.Keys
                .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
                .Select(k => k[prefix.Length..].Split('/')[0])
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        foreach (var c in children) yield return c;
    }

    private sealed class MemoryWriter(InMemoryStorage owner, string key, MemoryStream buffer) : IStorageWriter
    {
        public long Size => buffer.Length;

        public ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
        {
            buffer.Write(data.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask CommitAsync(CancellationToken ct = default) => Publish();

        // Bytes written are visible at the key when the writer closes, as a file's would be.
        public async ValueTask DisposeAsync() => await Publish();

        private ValueTask Publish() => owner.PutContentAsync(key, buffer.ToArray());
    }
}
