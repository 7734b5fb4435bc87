using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images.Copy;

/// <summary>A place an image can be read from (registry, archive, local store): the copy engine's input.</summary>
public interface IImageSource
{
    /// <summary>The manifest or index the source's reference names (null), or the one with this digest.</summary>
    Task<ManifestBlob> GetManifestAsync(Digest? digest, CancellationToken ct);

    /// <summary>The blob's bytes from <paramref name="offset"/> on (a resumed download asks for the rest).</summary>
    Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct);
}
