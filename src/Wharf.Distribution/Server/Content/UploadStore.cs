using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Wharf.Distribution.Server.Http;
using Wharf.Distribution.Server.Storage;
using Wharf.Oci;

namespace Wharf.Distribution.Server.Content;

/// <summary>
/// Blob uploads: started by POST, appended by PATCH (in order, checked against the stored size),
/// completed by PUT with the expected digest. Upload bytes live on storage, so an upload survives a
/// restart of the registry; the blob appears at its content address only by rename after its digest
/// matched.
/// </summary>
public sealed class UploadStore(IRegistryStorage storage, BlobStore blobs)
{
    private const int CopyBufferSize = 1 << 20;
    private readonly ConcurrentDictionary<string, UploadSession> _sessions = new(StringComparer.Ordinal);

    public static bool IsValidUuid(string uuid) => Guid.TryParseExact(uuid, "D", out _);

    public async ValueTask<string> StartAsync(string repository, CancellationToken ct)
    {
        var uuid = Guid.NewGuid().ToString("D");
        await using (await storage.OpenWriterAsync(RegistryLayout.UploadData(repository, uuid), append: false, ct)) { }
        _sessions[Key(repository, uuid)] = new UploadSession();
        return uuid;
    }

    /// <summary>Bytes received so far; throws BLOB_UPLOAD_UNKNOWN for an unknown or finished upload.</summary>
    public async ValueTask<long> SizeAsync(string repository, string uuid, CancellationToken ct)
    {
        await EnsureExistsAsync(repository, uuid, ct);
        return (await storage.StatAsync(RegistryLayout.UploadData(repository, uuid), ct))?.Size ?? 0;
    }

    /// <summary>Appends a chunk. <paramref name="start"/>, when given, must equal the current size (chunks in order).</summary>
    public async ValueTask<long> AppendAsync(string repository, string uuid, Stream body, long? start, CancellationToken ct)
    {
        var session = await SessionAsync(repository, uuid, ct);
        await session.Lock.WaitAsync(ct);
        try { return await AppendLockedAsync(repository, uuid, session, body, start, ct); }
        finally { session.Lock.Release(); }
    }

    /// <summary>Appends an optional last chunk, checks the digest, and moves the bytes to the blob's address.</summary>
    public async ValueTask CompleteAsync(string repository, string uuid, Digest expected, Stream? body, CancellationToken ct)
    {
        var session = await SessionAsync(repository, uuid, ct);
        await session.Lock.WaitAsync(ct);
        try
        {
            long size = body is null
                ? (await storage.StatAsync(RegistryLayout.UploadData(repository, uuid), ct))?.Size ?? 0
                : await AppendLockedAsync(repository, uuid, session, body, null, ct);
            var actual = await DigestOfAsync(repository, uuid, session, size, expected.Algorithm, ct);
            if (actual != expected)
            {
                await RemoveLockedAsync(repository, uuid);
                throw RegistryException.DigestInvalid($"expected {expected}, uploaded content is {actual}");
            }
            var data = RegistryLayout.UploadData(repository, uuid);
            await using (var writer = await storage.OpenWriterAsync(data, append: true, ct)) await writer.CommitAsync(ct);
            if (!await blobs.ExistsAsync(expected, ct)) await storage.MoveAsync(data, RegistryLayout.BlobData(expected), ct);
            await blobs.LinkAsync(repository, expected, ct);
            await RemoveLockedAsync(repository, uuid);
        }
        finally { session.Lock.Release(); }
    }

    public async ValueTask CancelAsync(string repository, string uuid, CancellationToken ct)
    {
        var session = await SessionAsync(repository, uuid, ct);
        await session.Lock.WaitAsync(ct);
        try { await RemoveLockedAsync(repository, uuid); }
        finally { session.Lock.Release(); }
    }

    private async ValueTask<long> AppendLockedAsync(string repository, string uuid, UploadSession session, Stream body, long? start, CancellationToken ct)
    {
        await EnsureExistsAsync(repository, uuid, ct);
        await using var writer = await storage.OpenWriterAsync(RegistryLayout.UploadData(repository, uuid), append: true, ct);
        long size = writer.Size;
        if (start is long s && s != size)
            throw RegistryException.RangeInvalid($"chunk starts at {s} but the upload holds {size} bytes");
        if (session.HashedBytes != size) await RehashAsync(repository, uuid, session, size, ct);
        // Aligned on a 4 KiB boundary, so a file system writer can hand whole pieces to the disk (O_DIRECT).
        using var owner = AlignedBufferPool.Shared.Rent();
        var buffer = owner.Memory;
        // Fill the buffer before each write: the request body arrives in small network-sized pieces,
        // and one large write plus one hash update per megabyte costs far fewer syscalls.
        int filled = 0, read;
        do
        {
            read = await body.ReadAsync(buffer[filled..], ct);
            filled += read;
            if (filled == 0 || (read > 0 && filled < buffer.Length)) continue;
            session.HashedBytes = -1; // until the write and hash both went through
            await writer.AppendAsync(buffer[..filled], ct);
            session.Hash.AppendData(buffer.Span[..filled]);
            size += filled;
            session.HashedBytes = size;
            filled = 0;
        }
        while (read > 0);
        return size;
    }

    private async ValueTask<Digest> DigestOfAsync(string repository, string uuid, UploadSession session, long size, string algorithm, CancellationToken ct)
    {
        if (algorithm == "sha256")
        {
            if (session.HashedBytes != size) await RehashAsync(repository, uuid, session, size, ct);
            return Digest.FromSha256Hash(session.Hash.GetCurrentHash());
        }
        await using var stream = await storage.OpenReadAsync(RegistryLayout.UploadData(repository, uuid), 0, ct);
        return Digest.Parse("sha512:" + Convert.ToHexStringLower(await SHA512.HashDataAsync(stream, ct)));
    }

    private async ValueTask RehashAsync(string repository, string uuid, UploadSession session, long size, CancellationToken ct)
    {
        session.ResetHash();
        await using var stream = await storage.OpenReadAsync(RegistryLayout.UploadData(repository, uuid), 0, ct);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            long left = size;
            while (left > 0)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(CopyBufferSize, left)), ct);
                if (read == 0) break;
                session.Hash.AppendData(buffer, 0, read);
                left -= read;
            }
            session.HashedBytes = size - left;
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    private async ValueTask<UploadSession> SessionAsync(string repository, string uuid, CancellationToken ct)
    {
        if (_sessions.TryGetValue(Key(repository, uuid), out var session)) return session;
        await EnsureExistsAsync(repository, uuid, ct);
        // Known on storage but not in memory: started before a restart. The hash is rebuilt on first use.
        return _sessions.GetOrAdd(Key(repository, uuid), _ => new UploadSession { HashedBytes = -1 });
    }

    private async ValueTask EnsureExistsAsync(string repository, string uuid, CancellationToken ct)
    {
        if (IsValidUuid(uuid) && await storage.StatAsync(RegistryLayout.UploadData(repository, uuid), ct) is { IsDirectory: false }) return;
        _sessions.TryRemove(Key(repository, uuid), out _); // purged by gc (or cancelled): forget its hash state too
        throw RegistryException.BlobUploadUnknown(uuid);
    }

    private async ValueTask RemoveLockedAsync(string repository, string uuid)
    {
        await storage.DeleteAsync(RegistryLayout.Upload(repository, uuid));
        // The session object stays usable by waiters; they find the upload gone and get BLOB_UPLOAD_UNKNOWN.
        _sessions.TryRemove(Key(repository, uuid), out _);
    }

    private static string Key(string repository, string uuid) => repository + "\n" + uuid;
}
