using Wharf.Images.Layers;
using Wharf.Oci;

namespace Wharf.Images;

public sealed partial class LocalImageStore
{
    /// <summary>Limits applied to every layer unpacked into this store.</summary>
    public LayerLimits Limits { get; set; } = LayerLimits.Default;

    /// <summary>Unpacks a layer blob (as it streams) into a new snapshot on <paramref name="parentChainId"/>.
    /// When the tar has been read to its end, <paramref name="commit"/> gets the diff ID, must finish and verify the
    /// blob (throwing discards the snapshot) and returns the chain ID to commit under.
    /// <paramref name="lowerDirs"/> overrides how the parent's directories are found (for parallel unpacking).
    /// Returns the diff ID.</summary>
    public Digest UnpackLayer(Stream blob, Compression compression, string? parentChainId, Func<Digest, string> commit, CancellationToken ct,
        Func<IReadOnlyList<string>>? lowerDirs = null)
    {
        using var tar = Decompression.Open(blob, compression);
        using var diff = new HashingReadStream(tar, leaveOpen: true);
        Digest diffId = default;
        Snapshots.CommitLayer(parentChainId, diff, Limits, () =>
        {
            diff.Drain();
            diffId = diff.Digest;
            return commit(diffId);
        }, ct, lowerDirs);
        return diffId;
    }
}
