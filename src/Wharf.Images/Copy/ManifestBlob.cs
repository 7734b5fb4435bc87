using Wharf.Oci;

namespace Wharf.Images.Copy;

/// <summary>A manifest or index exactly as its source served it: the bytes are what the digest covers.</summary>
public sealed record ManifestBlob(byte[] Bytes, string MediaType, Digest Digest);
