using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images.Copy;

/// <summary>Reads a stored image (for push and save): its manifest byte-exact, its blobs from the content store.</summary>
public sealed class LocalStoreSource(LocalImageStore store, LocalImage image) : IImageSource
{
    public LocalImage Image => image;

    public Task<ManifestBlob> GetManifestAsync(Digest? digest, CancellationToken ct)
    {
        var manifestDigest = digest ?? store.ManifestDigestOf(image.Id.ToString())
            ?? throw new InvalidOperationException($"image {image.Id} has no manifest recorded");
        var bytes = store.Content.ReadAllBytes(manifestDigest);
        return Task.FromResult(new ManifestBlob(bytes, ManifestParser.MediaTypeOf(bytes, null), manifestDigest));
    }

    public Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct)
    {
        var stream = store.Content.OpenRead(Digest.Parse(blob.Digest));
        stream.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult(stream);
    }
}
