using Wharf.Distribution.Client;
using Wharf.Images.Copy;
using Wharf.Images.References;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Distribution.Transports;

/// <summary>An image in a registry, read through the Distribution API.</summary>
public sealed class RegistrySource(RegistryClient client, ImageReference reference) : IImageSource
{
    public Task<ManifestBlob> GetManifestAsync(Digest? digest, CancellationToken ct) =>
        client.GetManifestAsync(reference, (digest ?? reference.Digest)?.ToString() ?? reference.Tag ?? ImageReference.DefaultTag, ct);

    public Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct) => client.OpenBlobAsync(reference, blob, offset, ct);
}
