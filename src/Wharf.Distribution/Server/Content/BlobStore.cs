using Wharf.Distribution.Server.Http;
using Wharf.Distribution.Server.Storage;
using Wharf.Oci;

namespace Wharf.Distribution.Server.Content;

/// <summary>Content-addressed blobs, readable by a repository only through that repository's link.</summary>
public sealed class BlobStore(IRegistryStorage storage)
{
    /// <summary>Size of a blob the repository may read; throws BLOB_UNKNOWN when it is not linked there or its data is gone.</summary>
    public async ValueTask<long> StatAsync(string repository, Digest digest, CancellationToken ct)
    {
        if (await storage.StatAsync(RegistryLayout.LayerLink(repository, digest), ct) is null)
            throw RegistryException.BlobUnknown(digest.ToString());
        if (await storage.StatAsync(RegistryLayout.BlobData(digest), ct) is not { IsDirectory: false } stat)
            throw RegistryException.BlobUnknown(digest.ToString());
        return stat.Size;
    }

    public ValueTask<Stream> OpenReadAsync(Digest digest, long offset, CancellationToken ct) =>
        storage.OpenReadAsync(RegistryLayout.BlobData(digest), offset, ct);

    public async ValueTask<bool> ExistsAsync(Digest digest, CancellationToken ct) =>
        await storage.StatAsync(RegistryLayout.BlobData(digest), ct) is { IsDirectory: false };

    public async ValueTask<bool> IsLinkedAsync(string repository, Digest digest, CancellationToken ct) =>
        await storage.StatAsync(RegistryLayout.LayerLink(repository, digest), ct) is not null;

    public ValueTask LinkAsync(string repository, Digest digest, CancellationToken ct) =>
        storage.PutContentAsync(RegistryLayout.LayerLink(repository, digest), ReadOnlyMemory<byte>.Empty, ct);

    /// <summary>Removes the repository's link only; the data stays for other repositories until gc.</summary>
    public async ValueTask UnlinkAsync(string repository, Digest digest, CancellationToken ct)
    {
        await StatAsync(repository, digest, ct);
        await storage.DeleteAsync(RegistryLayout.LayerLinkDirectory(repository, digest), ct);
    }

    /// <summary>Stores small content (a manifest) at its digest, atomically, unless it is already there.</summary>
    public async ValueTask PutSmallAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        if (!await ExistsAsync(digest, ct)) await storage.PutContentAsync(RegistryLayout.BlobData(digest), content, ct);
    }

    public async ValueTask<byte[]> ReadSmallAsync(Digest digest, CancellationToken ct) =>
        await storage.GetContentAsync(RegistryLayout.BlobData(digest), ct) ?? throw RegistryException.BlobUnknown(digest.ToString());
}
