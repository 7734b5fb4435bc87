namespace Wharf.Images;

/// <summary>Layer snapshots on overlayfs, keyed by chain ID, in containerd's shape: it returns mount
/// descriptions and never mounts anything itself (the runtime does).</summary>
public interface ISnapshotter
{
    /// <summary>Makes a writable snapshot <paramref name="key"/> (e.g. a container ID) on top of the committed
    /// snapshot <paramref name="parentChainId"/> (null: an empty rootfs) and returns how to mount it.
    /// <paramref name="durable"/> false skips the fsync that makes it survive a power loss (for throwaway
    /// containers, whose record is not fsynced either).</summary>
    IReadOnlyList<MountDescription> Prepare(string key, string? parentChainId, bool durable = true);

    /// <summary>The active (writable) snapshots and the chain IDs they were prepared on.</summary>
    IReadOnlyList<(string Key, string? Parent)> ListActive();

    /// <summary>The mounts of an existing snapshot (writable or committed).</summary>
    IReadOnlyList<MountDescription> Mounts(string key);

    /// <summary>The upper (writable) directory of an active snapshot: what <c>docker diff</c> and commit read.</summary>
    string UpperDir(string key);

    /// <summary>Removes an active snapshot and its directories. Unknown keys are ignored.</summary>
    void Remove(string key);

    /// <summary>Takes an active snapshot out of the store with one rename (gone for good from then on, a crash
    /// included) and returns the directory left to delete, which the caller may do later; null for an unknown key.
    /// <see cref="Remove"/> is this plus the delete.</summary>
    string? Retire(string key);
}

/// <summary>A mount to perform, e.g. Type "overlay", Source "overlay", Options ["lowerdir=…","upperdir=…","workdir=…"].</summary>
public sealed record MountDescription(string Type, string Source, IReadOnlyList<string> Options);
