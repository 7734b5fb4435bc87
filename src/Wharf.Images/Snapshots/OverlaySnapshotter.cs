using System.Text.RegularExpressions;
using Wharf.Images.Layers;
using Wharf.Images.Native;
using Wharf.Oci;

namespace Wharf.Images.Snapshots;

/// <summary>Overlayfs snapshots. Layout under <c>&lt;dataRoot&gt;/snapshots</c>:
/// <code>
/// layers/&lt;chain hex&gt;/fs       a committed, read-only layer (overlay form: whiteouts are 0/0 char devices)
/// layers/&lt;chain hex&gt;/parent   the parent chain ID ("" for a base layer)
/// layers/&lt;chain hex&gt;/size     unpacked bytes of this layer alone
/// active/&lt;key&gt;/upper, work    a writable snapshot (a container); active/&lt;key&gt;/parent names its layer
/// ingest/&lt;random&gt;/            a layer being unpacked; renamed into layers/ when complete, deleted at start-up
/// empty/                       the lower dir of a snapshot that has no parent
/// l/&lt;10 hex&gt;                 a short symlink to layers/&lt;chain hex&gt;/fs, used in lowerdir= so that the mount
///                              options of a deep image stay under the kernel's page-size limit (as overlay2's l/)
/// </code>
/// Prepare creates two empty directories: no copying, so it costs the same for any image size.</summary>
public sealed partial class OverlaySnapshotter : ISnapshotter
{
    private readonly string _layers, _active, _ingest, _empty, _links;

    public OverlaySnapshotter(string root)
    {
        _layers = Path.Combine(root, "layers");
        _active = Path.Combine(root, "active");
        _ingest = Path.Combine(root, "ingest");
        _empty = Path.Combine(root, "empty");
        _links = Path.Combine(root, "l");
        foreach (var dir in new[] { _layers, _active, _empty, _links }) Directory.CreateDirectory(dir);
        if (Directory.Exists(_ingest)) Directory.Delete(_ingest, recursive: true); // half-unpacked layers of a crash
        Directory.CreateDirectory(_ingest);
        // An active snapshot whose "parent" file is missing was cut short while being prepared.
        foreach (var dir in Directory.EnumerateDirectories(_active))
            if (!File.Exists(Path.Combine(dir, "parent"))) Directory.Delete(dir, recursive: true);
    }

    public IReadOnlyList<MountDescription> Prepare(string key, string? parentChainId, bool durable = true)
    {
        CheckKey(key);
        var lowers = parentChainId is null ? [_empty] : LowerDirs(parentChainId);
        string dir = Path.Combine(_active, key);
        if (Directory.Exists(dir)) throw new IOException($"snapshot {key}: already exists");
        string temp = Path.Combine(_active, "." + key + ".tmp");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(Path.Combine(temp, "upper"));
        Directory.CreateDirectory(Path.Combine(temp, "work"));
        File.WriteAllText(Path.Combine(temp, "parent"), parentChainId ?? "");
        Directory.Move(temp, dir);
        if (durable) LibC.FsyncDirectory(_active);
        return [OverlayMount(lowers, dir)];
    }

    public IReadOnlyList<MountDescription> Mounts(string key)
    {
        if (!Digest.TryParse(key, out _)) CheckKey(key);
        string dir = Path.Combine(_active, key);
        if (!key.Contains(':') && Directory.Exists(dir))
        {
            string parent = File.ReadAllText(Path.Combine(dir, "parent"));
            return [OverlayMount(parent.Length == 0 ? [_empty] : LowerDirs(parent), dir)];
        }
        if (Digest.TryParse(key, out _) && HasLayer(key))
        {
            var lowers = LowerDirs(key);
            // A read-only view: overlay needs two lowers without an upper; one layer is a bind mount.
            return lowers.Count == 1
                ? [new MountDescription("bind", lowers[0], ["ro", "rbind"])]
                : [new MountDescription("overlay", "overlay", ["lowerdir=" + string.Join(':', lowers)])];
        }
        throw new SnapshotNotFoundException(key);
    }

    public string UpperDir(string key)
    {
        CheckKey(key);
        string upper = Path.Combine(_active, key, "upper");
        return Directory.Exists(upper) ? upper : throw new SnapshotNotFoundException(key);
    }

    /// <summary>The chain ID an active snapshot was prepared on (null: none).</summary>
    public string? ParentOf(string key)
    {
        CheckKey(key);
        string file = Path.Combine(_active, key, "parent");
        if (!File.Exists(file)) throw new SnapshotNotFoundException(key);
        string parent = File.ReadAllText(file);
        return parent.Length == 0 ? null : parent;
    }

    public void Remove(string key)
    {
        if (Retire(key) is { } doomed) Directory.Delete(doomed, recursive: true);
    }

    public string? Retire(string key)
    {
        CheckKey(key);
        string dir = Path.Combine(_active, key);
        if (!Directory.Exists(dir)) return null;
        // Into the ingest directory, which start-up clears: a crash mid-delete never leaves a half snapshot under its
        // real name, and a crash before the delete leaves nothing behind either.
        string doomed = Path.Combine(_ingest, "rm-" + Guid.NewGuid().ToString("N"));
        Directory.Move(dir, doomed);
        return doomed;
    }

    public IReadOnlyList<(string Key, string? Parent)> ListActive() =>
        Directory.EnumerateDirectories(_active)
            .Select(Path.GetFileName).Where(k => !k!.StartsWith('.'))
            .Select(k => (k!, ParentOf(k!))).ToList();

    public bool HasLayer(string chainId) => Directory.Exists(LayerPath(chainId));

    public IReadOnlyList<string> ListLayers() =>
        Directory.EnumerateDirectories(_layers).Select(d => "sha256:" + Path.GetFileName(d)).ToList();

    /// <summary>The unpacked size of one committed layer (not counting its parents).</summary>
    public long LayerSize(string chainId)
    {
        string file = Path.Combine(LayerPath(chainId), "size");
        return File.Exists(file) ? long.Parse(File.ReadAllText(file)) : throw new SnapshotNotFoundException(chainId);
    }

    /// <summary>The directory of one committed layer (its diff, in overlay form).</summary>
    public string LayerDir(string chainId) =>
        HasLayer(chainId) ? Path.Combine(LayerPath(chainId), "fs") : throw new SnapshotNotFoundException(chainId);

    /// <summary>A layer and all its parents, top first, as chain IDs.</summary>
    public IReadOnlyList<string> Chain(string chainId)
    {
        var chain = new List<string>();
        for (string? id = chainId; !string.IsNullOrEmpty(id);)
        {
            string dir = LayerPath(id);
            if (!Directory.Exists(dir)) throw new SnapshotNotFoundException(id);
            chain.Add(id);
            id = File.ReadAllText(Path.Combine(dir, "parent"));
            if (chain.Count > 500) throw new InvalidDataException($"snapshot chain of {chainId} is too long or cyclic");
        }
        return chain;
    }

    /// <summary>The fs directories of a layer and all its parents, top first, as overlay's lowerdir wants them,
    /// through their short l/ links.</summary>
    public IReadOnlyList<string> LowerDirs(string chainId) => Chain(chainId).Select(ShortLink).ToList();

    /// <summary>l/&lt;10 hex&gt; → ../layers/&lt;hex&gt;/fs, made on first use (stores from before l/ existed get it here).</summary>
    private string ShortLink(string chainId)
    {
        string hex = Digest.Parse(chainId).Hex;
        string target = Path.Combine("..", "layers", hex, "fs");
        string link = Path.Combine(_links, hex[..10]);
        // Two layers sharing 40 leading bits: the second uses its full hex.
        if (new FileInfo(link).LinkTarget is { } existing && existing != target) link = Path.Combine(_links, hex);
        if (new FileInfo(link).LinkTarget is null)
        {
            // symlink(2) is atomic: a concurrent creator makes the same link, so EEXIST is success.
            try { File.CreateSymbolicLink(link, target); }
            catch (IOException) when (new FileInfo(link).LinkTarget is not null) { }
        }
        return link;
    }

    /// <summary>Unpacks a layer tar on top of <paramref name="parentChainId"/> and commits it under the chain ID that
    /// <paramref name="chainIdAfterUnpack"/> returns once the whole tar was read; that callback is also where the
    /// caller verifies digests: throwing there discards the layer. The layer becomes visible only when complete
    /// (rename out of ingest/). Returns false when the layer already existed (another pull won the race).</summary>
    public bool CommitLayer(string? parentChainId, Stream tar, LayerLimits limits, Func<string> chainIdAfterUnpack, CancellationToken ct,
        Func<IReadOnlyList<string>>? lowerDirs = null)
    {
        string temp = Path.Combine(_ingest, Guid.NewGuid().ToString("N"));
        string fs = Path.Combine(temp, "fs");
        Directory.CreateDirectory(fs);
        try
        {
            lowerDirs ??= () => parentChainId is not null && HasLayer(parentChainId) ? LowerDirs(parentChainId) : [];
            long size = new LayerApplier(limits).Apply(tar, fs, lowerDirs, ct);
            string final = LayerPath(chainIdAfterUnpack());
            File.WriteAllText(Path.Combine(temp, "parent"), parentChainId ?? "");
            File.WriteAllText(Path.Combine(temp, "size"), size.ToString());
            try { Directory.Move(temp, final); }
            catch (IOException) when (Directory.Exists(final)) { Directory.Delete(temp, recursive: true); return false; }
            LibC.FsyncDirectory(_layers);
            return true;
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>Deletes a committed layer (garbage collection decides that nothing uses it).</summary>
    public void RemoveLayer(string chainId)
    {
        string dir = LayerPath(chainId);
        if (!Directory.Exists(dir)) return;
        string hex = Digest.Parse(chainId).Hex;
        foreach (var link in new[] { Path.Combine(_links, hex[..10]), Path.Combine(_links, hex) })
            if (new FileInfo(link).LinkTarget == Path.Combine("..", "layers", hex, "fs")) File.Delete(link);
        string doomed = Path.Combine(_ingest, "rm-" + Guid.NewGuid().ToString("N"));
        Directory.Move(dir, doomed);
        Directory.Delete(doomed, recursive: true);
    }

    private string LayerPath(string chainId) => Path.Combine(_layers, Digest.Parse(chainId).Hex);

    private static MountDescription OverlayMount(IReadOnlyList<string> lowers, string dir) =>
        new("overlay", "overlay",
            ["lowerdir=" + string.Join(':', lowers), "upperdir=" + Path.Combine(dir, "upper"), "workdir=" + Path.Combine(dir, "work")]);

    private static void CheckKey(string key)
    {
        if (!KeyPattern().IsMatch(key)) throw new ArgumentException($"invalid snapshot key: \"{key}\"", nameof(key));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex KeyPattern();
}
