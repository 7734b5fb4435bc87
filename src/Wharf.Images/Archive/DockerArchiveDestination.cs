using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Wharf.Images.Copy;
using Wharf.Images.Layers;
using Wharf.Images.Progress;
using Wharf.Images.References;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images.Archive;

/// <summary>Writes images as Docker 25+ does for <c>docker save</c>: one tar holding both the legacy
/// <c>manifest.json</c> + <c>repositories</c> and an OCI layout (<c>oci-layout</c>, <c>index.json</c>,
/// <c>blobs/sha256/…</c>). Layers are stored uncompressed, named by diff ID, so every reader accepts them.
/// Several images go into one archive: call the copy engine per image, then <see cref="Finish"/>.</summary>
public sealed class DockerArchiveDestination(Stream output, string tempDir) : IImageDestination, IDisposable
{
    private readonly TarWriter _tar = new(output, TarEntryFormat.Pax, leaveOpen: true);
    private readonly HashSet<string> _written = [];
    private readonly List<ArchiveManifestEntry> _entries = [];
    private readonly List<Descriptor> _index = [];
    private readonly Dictionary<string, Dictionary<string, string>> _repositories = [];
    private readonly SortedDictionary<int, Descriptor> _layers = [];
    private Digest _configDigest;
    private byte[] _config = [];

    /// <summary>The names (normalised) the current image is saved under; set before each copy.</summary>
    public IReadOnlyList<ImageReference> Names { get; set; } = [];

    public int MaxConcurrentLayers => 1; // one tar, written in order

    public string? WaitingStatus => null;

    public void Announce(LayerJob layer, Action<JsonMessage> progress) { }

    public Task BeginAsync(ImageManifest manifest, byte[] config, Digest configDigest, CancellationToken ct)
    {
        _configDigest = configDigest;
        _config = config;
        _layers.Clear();
        WriteBlob(configDigest, new MemoryStream(config), config.Length);
        return Task.CompletedTask;
    }

    public async Task PutLayerAsync(LayerJob layer, IImageSource source, Action<JsonMessage> progress, CancellationToken ct)
    {
        var diffId = Digest.Parse(layer.DiffId);
        _layers[layer.Index] = new Descriptor { MediaType = MediaTypes.OciLayer, Digest = layer.DiffId };
        if (_written.Contains(layer.DiffId)) { _layers[layer.Index].Size = SizeOf(layer.DiffId); return; }
        var compression = Decompression.FromMediaType(layer.Blob.MediaType);
        using var blob = await source.OpenBlobAsync(layer.Blob, 0, ct).ConfigureAwait(false);
        if (compression == Compression.None)
        {
            WriteBlob(diffId, blob, layer.Blob.Size);
            _layers[layer.Index].Size = layer.Blob.Size;
            return;
        }
        // A tar header needs the size first: decompress to a temp file, checking the diff ID on the way.
        string temp = Path.Combine(tempDir, "layer-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                using var plain = new HashingReadStream(Decompression.Open(blob, compression));
                await plain.CopyToAsync(file, 1 << 20, ct).ConfigureAwait(false);
                if (plain.Digest != diffId) throw new Content.DigestMismatchException($"layer {layer.Blob.Digest} does not decompress to its diff ID {diffId}");
                file.Position = 0;
                WriteBlob(diffId, file, file.Length);
                _layers[layer.Index].Size = file.Length;
            }
        }
        finally { File.Delete(temp); }
        progress(JsonMessage.Of("Saved layer", layer.ShortId));
    }

    public Task<CopyResult> CommitAsync(ManifestBlob manifest, ManifestBlob? index, CancellationToken ct)
    {
        var oci = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = _configDigest.ToString(), Size = _config.Length },
            Layers = [.. _layers.Values],
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(oci, OciJson.Default.ImageManifest);
        var digest = Digest.Sha256(bytes);
        WriteBlob(digest, new MemoryStream(bytes), bytes.Length);

        var tags = Names.Where(n => n.Tag is not null).ToList();
        _entries.Add(new ArchiveManifestEntry
        {
            Config = "blobs/sha256/" + _configDigest.Hex,
            RepoTags = tags.Count == 0 ? null : tags.Select(t => t.Familiar).ToList(),
            Layers = oci.Layers.Select(l => "blobs/sha256/" + Digest.Parse(l.Digest).Hex).ToList(),
        });
        foreach (var tag in tags)
        {
            _index.Add(new Descriptor
            {
                MediaType = MediaTypes.OciManifest, Digest = digest.ToString(), Size = bytes.Length,
                Annotations = new() { ["io.containerd.image.name"] = tag.ToString(), ["org.opencontainers.image.ref.name"] = tag.Tag! },
            });
            if (!_repositories.TryGetValue(tag.FamiliarRepository, out var repo)) _repositories[tag.FamiliarRepository] = repo = [];
            repo[tag.Tag!] = Digest.Parse(oci.Layers.Count > 0 ? oci.Layers[^1].Digest : _configDigest.ToString()).Hex;
        }
        if (tags.Count == 0) _index.Add(new Descriptor { MediaType = MediaTypes.OciManifest, Digest = digest.ToString(), Size = bytes.Length });
        return Task.FromResult(new CopyResult(_configDigest, digest, bytes.Length, true));
    }

    /// <summary>Writes the index files that describe everything saved so far.</summary>
    public void Finish()
    {
        WriteFile("oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray());
        WriteFile("index.json", JsonSerializer.SerializeToUtf8Bytes(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = _index }, OciJson.Default.ImageIndex));
        WriteFile("manifest.json", JsonSerializer.SerializeToUtf8Bytes(_entries, ArchiveJson.Default.ListArchiveManifestEntry));
        if (_repositories.Count > 0) WriteFile("repositories", JsonSerializer.SerializeToUtf8Bytes(_repositories, ArchiveJson.Default.DictionaryStringDictionaryStringString));
    }

    private readonly Dictionary<string, long> _sizes = [];

    private long SizeOf(string digest) => _sizes[digest];

    private void WriteBlob(Digest digest, Stream content, long size)
    {
        if (!_written.Add(digest.ToString())) return;
        if (_written.Count == 1) WriteDirectory("blobs/"); 
        if (_written.Count == 1) WriteDirectory("blobs/sha256/");
        _sizes[digest.ToString()] = size;
        _tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "blobs/sha256/" + digest.Hex)
        { DataStream = content, Mode = (UnixFileMode)0b110_100_100, ModificationTime = DateTimeOffset.UnixEpoch });
    }

    private void WriteDirectory(string name) =>
        _tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0b111_101_101, ModificationTime = DateTimeOffset.UnixEpoch });

    private void WriteFile(string name, byte[] content) =>
        _tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        { DataStream = new MemoryStream(content), Mode = (UnixFileMode)0b110_100_100, ModificationTime = DateTimeOffset.UnixEpoch });

    public void Dispose() => _tar.Dispose();
}
