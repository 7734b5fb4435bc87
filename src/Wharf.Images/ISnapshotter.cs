namespace Wharf.Images;

/// <summary>Layer snapshots on overlayfs, keyed by chain ID, in containerd's shape: it returns mount
/// descriptions and never mounts anything itself (the runtime does).</summary>
public interface ISnapshotter
{
    /// <summary>Makes a writable snapshot <paramref name="key"/> (e.g. a container ID) on top of the committed
    /// snapshot <paramref name="parentChainId"/> (null: an empty rootfs) and returns how to mount it.</summary>
    IReadOnlyList<MountDescription> Prepare(string key, string? parentChainId);

    /// <summary>The mounts of an existing snapshot (writable or committed).</summary>
    IReadOnlyList<MountDescription> Mounts(string key);

    /// <summary>The upper (writable) directory of an active snapshot: what <c>docker diff</c> and commit read.</summary>
    string UpperDir(string key);

    /// <summary>Removes an active snapshot and its directories. Unknown keys are ignored.</summary>
    void Remove(string key);
}

/// <summary>A mount to perform, e.g. Type "overlay", Source "overlay", Options ["lowerdir=…","upperdir=…","workdir=…"].</summary>
public sealed record MountDescription(string Type, string Source, IReadOnlyList<string> Options);
