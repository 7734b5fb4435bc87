using System.Collections.Concurrent;
using System.Text.Json;
using Wharf.Images.Content;
using Wharf.Images.Native;
using Wharf.Images.References;
using Wharf.Images.Snapshots;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images;

/// <summary>The daemon's image store under a data root: <c>content/</c> (blobs), <c>images/state.json</c>
/// (names → image IDs) and <c>snapshots/</c> (unpacked layers). All state changes go through one lock and
/// are written atomically.</summary>
public sealed partial class LocalImageStore : IImageStore
{
    private readonly string _statePath;
    private readonly object _sync = new();
    private readonly ConcurrentDictionary<string, ImageConfig> _configs = new();
    private readonly Store.LeaseSet _leases = new();
    private Store.StoreState _state;

    public LocalContentStore Content { get; }
    public OverlaySnapshotter Snapshots { get; }
    public ISnapshotter Snapshotter => Snapshots;
    public string DataRoot { get; }

    private LocalImageStore(string dataRoot)
    {
        DataRoot = dataRoot;
        Content = new LocalContentStore(Path.Combine(dataRoot, "content"));
        Snapshots = new OverlaySnapshotter(Path.Combine(dataRoot, "snapshots"));
        _statePath = Path.Combine(dataRoot, "images", "state.json");
        _state = File.Exists(_statePath)
            ? JsonSerializer.Deserialize(File.ReadAllBytes(_statePath), Store.StoreStateJson.Default.StoreState) ?? new()
            : new();
    }

    /// <summary>Opens (creating if needed) the store at <paramref name="dataRoot"/> and repairs what a crash left.</summary>
    public static LocalImageStore Open(string dataRoot)
    {
        Directory.CreateDirectory(dataRoot);
        var store = new LocalImageStore(dataRoot);
        string temp = Path.Combine(dataRoot, "tmp");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true); // save/load scratch of a crashed run
        store.DropBrokenImages();
        return store;
    }

    /// <summary>Protects what an in-flight operation writes from garbage collection until disposed.</summary>
    public Store.Lease Lease() => _leases.Take();

    public LocalImage? Resolve(string reference)
    {
        string? id = ResolveId(reference);
        if (id is null) return null;
        lock (_sync) return _state.Images.ContainsKey(id) ? Describe(id) : null;
    }

    /// <summary>Like <see cref="Resolve"/> but throws <see cref="Store.ImageNotFoundException"/>.</summary>
    public LocalImage Get(string reference) => Resolve(reference) ?? throw new Store.ImageNotFoundException(reference);

    public IReadOnlyList<LocalImage> List()
    {
        lock (_sync) return _state.Images.Keys.Select(Describe).OrderByDescending(i => i.Created).ToList();
    }

    public void Tag(string sourceReference, string targetReference)
    {
        string id = ResolveId(sourceReference) ?? throw new Store.ImageNotFoundException(sourceReference);
        var target = ImageReference.ParseNoDefaultTag(targetReference);
        if (target.Digest is not null) throw new ReferenceFormatException("refusing to create a tag with a digest reference");
        target = target.Tag is null ? target.WithTag(ImageReference.DefaultTag) : target;
        lock (_sync)
        {
            if (!_state.Images.TryGetValue(id, out var record)) throw new Store.ImageNotFoundException(sourceReference);
            _state.Tags[target.ToString()] = id;
            record.LastTagTime = DateTimeOffset.UtcNow;
            Save();
        }
    }

    /// <summary>The image's config, parsed (cached: configs are immutable).</summary>
    public ImageConfig ReadConfig(string imageId) =>
        _configs.GetOrAdd(imageId, id => JsonSerializer.Deserialize(Content.ReadAllBytes(Digest.Parse(id)), OciJson.Default.ImageConfig)
            ?? throw new InvalidDataException($"image config {id} is empty"));

    /// <summary>The manifest the image's layers came with (null for an image that has none recorded).</summary>
    public ImageManifest? ReadManifest(string imageId)
    {
        string? manifest;
        lock (_sync) manifest = _state.Images.TryGetValue(imageId, out var r) ? r.Manifest : null;
        return manifest is null ? null : JsonSerializer.Deserialize(Content.ReadAllBytes(Digest.Parse(manifest)), OciJson.Default.ImageManifest);
    }

    /// <summary>The digest of the manifest recorded for an image, if any.</summary>
    public Digest? ManifestDigestOf(string imageId)
    {
        lock (_sync) return _state.Images.TryGetValue(imageId, out var r) && r.Manifest is { } m ? Digest.Parse(m) : null;
    }

    /// <summary>Records an image whose config, manifest and layer snapshots are already stored, and gives it
    /// <paramref name="tags"/> (normalised names; a tag moves from any other image) and repo digests.</summary>
    public LocalImage AddImage(Digest configDigest, Digest? manifestDigest, IEnumerable<ImageReference> tags,
        IEnumerable<ImageReference> repoDigests, IEnumerable<Digest>? indexes = null, string? parent = null)
    {
        string id = configDigest.ToString();
        var config = ReadConfig(id);
        foreach (var chain in ChainIdsOf(config))
            if (!Snapshots.HasLayer(chain)) throw new InvalidOperationException($"layer {chain} of image {id} is not unpacked");
        lock (_sync)
        {
            if (!_state.Images.TryGetValue(id, out var record)) _state.Images[id] = record = new Store.ImageRecord { Parent = parent };
            if (manifestDigest is { } m) record.Manifest = m.ToString();
            foreach (var digestRef in repoDigests)
                if (!record.RepoDigests.Contains(digestRef.ToString())) record.RepoDigests.Add(digestRef.ToString());
            foreach (var index in indexes ?? [])
                if (!record.Indexes.Contains(index.ToString())) record.Indexes.Add(index.ToString());
            foreach (var tag in tags)
            {
                _state.Tags[tag.ToString()] = id;
                record.LastTagTime = DateTimeOffset.UtcNow;
            }
            Save();
            return Describe(id);
        }
    }

    public static IReadOnlyList<string> ChainIdsOf(ImageConfig config) => Store.ChainIds.From(config.Rootfs.DiffIds);

    private string? ResolveId(string reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        lock (_sync)
        {
            if (Digest.TryParse(reference, out var full)) return _state.Images.ContainsKey(full.ToString()) ? full.ToString() : null;
            if (ImageReference.TryParse(reference, out var parsed) && parsed is not null)
            {
                if (parsed.Digest is { } d)
                {
                    string wanted = parsed.Repository + "@" + d;
                    foreach (var (id, record) in _state.Images)
                        if (record.RepoDigests.Contains(wanted)) return id;
                    // name@digest where the digest is the image ID itself
                    if (_state.Images.ContainsKey(d.ToString()) && _state.Tags.Any(t => t.Value == d.ToString() && t.Key.StartsWith(parsed.Repository + ":", StringComparison.Ordinal)))
                        return d.ToString();
                }
                else if (_state.Tags.TryGetValue(parsed.ToString(), out var id)) return id;
            }
            // A unique prefix of an image ID, with or without "sha256:".
            string prefix = reference.StartsWith("sha256:", StringComparison.Ordinal) ? reference[7..] : reference;
            if (prefix.Length == 0 || !prefix.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')) return null;
            var matches = _state.Images.Keys.Where(k => k.AsSpan(7).StartsWith(prefix)).Take(2).ToList();
            return matches.Count == 1 ? matches[0] : null;
        }
    }

    /// <summary>Builds the public view of an image. Caller holds the lock.</summary>
    private LocalImage Describe(string id)
    {
        var record = _state.Images[id];
        var config = ReadConfig(id);
        var chains = ChainIdsOf(config);
        long size = 0;
        foreach (var chain in chains)
            if (Snapshots.HasLayer(chain)) size += Snapshots.LayerSize(chain);
        var tags = _state.Tags.Where(t => t.Value == id).Select(t => ImageReference.Parse(t.Key).Familiar).Order(StringComparer.Ordinal).ToList();
        var digests = record.RepoDigests.Select(d => ImageReference.ParseNoDefaultTag(d).Familiar).ToList();
        return new LocalImage(Digest.Parse(id), config, tags, digests, chains, size, config.Created ?? DateTimeOffset.UnixEpoch);
    }

    /// <summary>Removes records whose config or layers vanished (a crash between unpacking and recording cannot
    /// cause that, but a hand-deleted directory can); their names go too.</summary>
    private void DropBrokenImages()
    {
        lock (_sync)
        {
            var broken = _state.Images.Keys.Where(id =>
            {
                try { return !Content.Exists(Digest.Parse(id)) || ChainIdsOf(ReadConfig(id)).Any(c => !Snapshots.HasLayer(c)); }
                catch (Exception e) when (e is IOException or JsonException or FormatException) { return true; }
            }).ToList();
            if (broken.Count == 0) return;
            foreach (var id in broken) ForgetImage(id);
            Save();
        }
    }

    private void ForgetImage(string id)
    {
        _state.Images.Remove(id);
        foreach (var tag in _state.Tags.Where(t => t.Value == id).Select(t => t.Key).ToList()) _state.Tags.Remove(tag);
        _configs.TryRemove(id, out _);
    }

    /// <summary>Writes state.json atomically. Caller holds the lock.</summary>
    private void Save() => AtomicFile.WriteAllBytes(_statePath, JsonSerializer.SerializeToUtf8Bytes(_state, Store.StoreStateJson.Default.StoreState));
}
