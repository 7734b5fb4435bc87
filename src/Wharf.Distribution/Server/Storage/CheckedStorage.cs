using System.Runtime.CompilerServices;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// Wraps any driver once: rejects keys that could escape the store (empty, ".", ".." or absolute
/// segments, NUL, backslash) before a driver sees them, and bounds how many driver calls run at once so
/// a burst of clients cannot exhaust file descriptors or a remote backend's connection pool.
/// </summary>
public sealed class CheckedStorage(IRegistryStorage inner, int maxConcurrentCalls = 64) : IRegistryStorage
{
    private readonly SemaphoreSlim _slots = new(maxConcurrentCalls, maxConcurrentCalls);

    public IRegistryStorage Inner => inner;

    public static void CheckKey(string key, bool allowRoot = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            if (allowRoot) return;
            throw new ArgumentException("storage key is empty", nameof(key));
        }
        if (key.Contains('\0') || key.Contains('\\')) throw new ArgumentException($"storage key has a forbidden character: {key}", nameof(key));
        foreach (var segment in key.Split('/'))
            if (segment is "" or "." or "..") throw new ArgumentException($"storage key has an empty, '.' or '..' segment: {key}", nameof(key));
    }

    private async ValueTask<T> Bounded<T>(Func<ValueTask<T>> call, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try { return await call(); }
        finally { _slots.Release(); }
    }

    private async ValueTask Bounded(Func<ValueTask> call, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try { await call(); }
        finally { _slots.Release(); }
    }

    public ValueTask<StorageStat?> StatAsync(string key, CancellationToken ct = default)
    {
        CheckKey(key, allowRoot: true);
        return Bounded(() => inner.StatAsync(key, ct), ct);
    }

    public ValueTask<Stream> OpenReadAsync(string key, long offset, CancellationToken ct = default)
    {
        CheckKey(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return Bounded(() => inner.OpenReadAsync(key, offset, ct), ct);
    }

    public ValueTask<IStorageWriter> OpenWriterAsync(string key, bool append, CancellationToken ct = default)
    {
        CheckKey(key);
        return Bounded(() => inner.OpenWriterAsync(key, append, ct), ct);
    }

    public ValueTask<byte[]?> GetContentAsync(string key, CancellationToken ct = default)
    {
        CheckKey(key);
        return Bounded(() => inner.GetContentAsync(key, ct), ct);
    }

    public ValueTask PutContentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        CheckKey(key);
        return Bounded(() => inner.PutContentAsync(key, content, ct), ct);
    }

    public ValueTask MoveAsync(string from, string to, CancellationToken ct = default)
    {
        CheckKey(from);
        CheckKey(to);
        return Bounded(() => inner.MoveAsync(from, to, ct), ct);
    }

    public ValueTask DeleteAsync(string key, CancellationToken ct = default)
    {
        CheckKey(key);
        return Bounded(() => inner.DeleteAsync(key, ct), ct);
    }

    public async IAsyncEnumerable<string> ListAsync(string key, [EnumeratorCancellation] CancellationToken ct = default)
    {
        CheckKey(key, allowRoot: true);
        List<string> names = [];
        await _slots.WaitAsync(ct);
        try
        {
            await foreach (var name in inner.ListAsync(key, ct)) names.Add(name);
        }
        finally { _slots.Release(); }
        foreach (var name in names) yield return name;
    }
}
