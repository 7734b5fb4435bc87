using Wharf.Oci;

namespace Wharf.Images.Content;

/// <summary>Blobs addressed by digest. Content enters only through a <see cref="ContentWriter"/> that verifies
/// size and digest at commit, so nothing unverified is ever readable here.</summary>
public interface IContentStore
{
    bool Exists(Digest digest);

    /// <summary>Size in bytes, or -1 when the blob is absent.</summary>
    long Size(Digest digest);

    Stream OpenRead(Digest digest);

    byte[] ReadAllBytes(Digest digest);

    /// <summary>Opens (or resumes) the ingest named <paramref name="reference"/>; its bytes so far are kept.</summary>
    ContentWriter OpenWriter(string reference);

    /// <summary>Stores small content (manifests, configs) byte-exact and returns its digest.</summary>
    Digest Put(ReadOnlySpan<byte> content);

    IEnumerable<Digest> List();

    void Delete(Digest digest);
}
