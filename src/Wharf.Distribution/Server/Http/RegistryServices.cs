using Wharf.Distribution.Server.Auth;
using Wharf.Distribution.Server.Content;
using Wharf.Distribution.Server.Storage;

namespace Wharf.Distribution.Server.Http;

/// <summary>Limits and switches of a running registry.</summary>
public sealed record RegistryOptions
{
    public bool ReadOnly { get; init; }
    /// <summary>Manifests larger than this are refused with 413 (distribution uses 4 MiB too).</summary>
    public int MaxManifestBytes { get; init; } = 4 << 20;
}

/// <summary>Everything a request handler needs, built once per registry.</summary>
public sealed class RegistryServices
{
    public RegistryServices(IRegistryStorage driver, IAccessController access, RegistryOptions options)
    {
        Storage = driver as CheckedStorage ?? new CheckedStorage(driver);
        Blobs = new BlobStore(Storage);
        Uploads = new UploadStore(Storage, Blobs);
        Catalog = new RepositoryCatalog(Storage);
        Manifests = new ManifestStore(Storage, Blobs, Catalog);
        Access = access;
        Options = options;
    }

    public CheckedStorage Storage { get; }
    public BlobStore Blobs { get; }
    public UploadStore Uploads { get; }
    public RepositoryCatalog Catalog { get; }
    public ManifestStore Manifests { get; }
    public IAccessController Access { get; }
    public RegistryOptions Options { get; }
}
