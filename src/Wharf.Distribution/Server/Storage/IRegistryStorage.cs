namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// The key/blob driver the registry stores everything through. Keys are '/'-separated relative paths
/// (see <see cref="RegistryLayout"/>). A driver knows nothing of digests, manifests or repositories, so
/// an S3-compatible backend is one more implementation of these verbs and needs no handler change.
/// Drivers are wrapped once by <see cref="CheckedStorage"/>, which validates keys and bounds concurrency.
/// </summary>
public interface IRegistryStorage
{
    /// <summary>Size and modification time of a key, or null when nothing is stored there.</summary>
    ValueTask<StorageStat?> StatAsync(string key, CancellationToken ct = default);

    /// <summary>Opens the content at <paramref name="key"/> for reading from <paramref name="offset"/>; throws <see cref="StorageKeyNotFoundException"/>.</summary>
    ValueTask<Stream> OpenReadAsync(string key, long offset, CancellationToken ct = default);

    /// <summary>Opens a writer that appends to (or, when <paramref name="append"/> is false, replaces) the content at a key.</summary>
    ValueTask<IStorageWriter> OpenWriterAsync(string key, bool append, CancellationToken ct = default);

    /// <summary>Small content in one piece (links, indexes); null when missing.</summary>
    ValueTask<byte[]?> GetContentAsync(string key, CancellationToken ct = default);

    /// <summary>Replaces small content atomically: readers see the old or the new bytes, never a mix.</summary>
    ValueTask PutContentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default);

    /// <summary>Atomically moves content; an existing destination is replaced. Throws <see cref="StorageKeyNotFoundException"/> when the source is missing.</summary>
    ValueTask MoveAsync(string from, string to, CancellationToken ct = default);

    /// <summary>Deletes a key and everything under it; a missing key is not an error.</summary>
    ValueTask DeleteAsync(string key, CancellationToken ct = default);

    /// <summary>Names of the direct children of a key, unordered; empty when the key is missing.</summary>
    IAsyncEnumerable<string> ListAsync(string key, CancellationToken ct = default);
}

/// <summary>What <see cref="IRegistryStorage.StatAsync"/> reports.</summary>
public readonly record struct StorageStat(long Size, DateTimeOffset Modified, bool IsDirectory);

/// <summary>An open write to one key. <see cref="AppendAsync"/> adds bytes at the end; <see cref="CommitAsync"/> makes them durable.</summary>
public interface IStorageWriter : IAsyncDisposable
{
    /// <summary>Adds bytes at the end; the caller may reuse <paramref name="data"/> once this completes.</summary>
    ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default);

    /// <summary>Total bytes stored at the key, including what was there before an append.</summary>
    long Size { get; }

    /// <summary>Flushes to durable storage. The content stays at its key; callers move it where it belongs.</summary>
    ValueTask CommitAsync(CancellationToken ct = default);
}

public sealed class StorageKeyNotFoundException(string key) : Exception($"storage key not found: {key}")
{
    public string Key { get; } = key;
}
