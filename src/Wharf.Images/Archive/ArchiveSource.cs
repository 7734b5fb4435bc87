using System.Text.Json;
using Wharf.Images.Copy;
using Wharf.Images.Layers;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images.Archive;

/// <summary>One image inside an unpacked archive (docker-archive or OCI layout), as a copy-engine source.
/// Legacy <c>manifest.json</c> images get a schema 2 manifest synthesised from their files.</summary>
public sealed class ArchiveSource : IImageSource
{
    private readonly string _root;
    private readonly ManifestBlob _manifest;
    private readonly Dictionary<string, string> _paths = [];

    private ArchiveSource(string root, ManifestBlob manifest)
    {
        _root = root;
        _manifest = manifest;
    }

    /// <summary>An image listed in an OCI <c>index.json</c>: everything is under blobs/.</summary>
    public static ArchiveSource FromIndexEntry(string root, Descriptor entry)
    {
        var digest = Digest.Parse(entry.Digest);
        var bytes = File.ReadAllBytes(BlobFile(root, digest));
        if (Digest.Sha256(bytes) != digest) throw new Content.DigestMismatchException($"archive manifest {digest} does not match its content");
        return new ArchiveSource(root, new ManifestBlob(bytes, ManifestParser.MediaTypeOf(bytes, entry.MediaType), digest));
    }

    /// <summary>An image listed in <c>manifest.json</c>: hashes its files and writes the manifest they imply.</summary>
    public static ArchiveSource FromLegacyEntry(string root, ArchiveManifestEntry entry)
    {
        var paths = new Dictionary<string, string>();
        Descriptor Describe(string relative, Func<Compression, string> mediaType)
        {
            string path = SafeJoin(root, relative);
            using var file = File.OpenRead(path);
            var head = new byte[4];
            int n = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
            var compression = n >= 2 && head[0] == 0x1f && head[1] == 0x8b ? Compression.Gzip
                : n >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd ? Compression.Zstd : Compression.None;
            file.Position = 0;
            var digest = Digest.Sha256(file);
            paths[digest.ToString()] = path;
            return new Descriptor { MediaType = mediaType(compression), Digest = digest.ToString(), Size = new FileInfo(path).Length };
        }
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.DockerManifest,
            Config = Describe(entry.Config, _ => MediaTypes.DockerConfig),
            Layers = entry.Layers.Select(l => Describe(l, c => c switch
            {
                Compression.Gzip => MediaTypes.DockerLayerGzip,
                Compression.Zstd => MediaTypes.OciLayerZstd,
                _ => MediaTypes.DockerLayer,
            })).ToList(),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJson.Default.ImageManifest);
        var source = new ArchiveSource(root, new ManifestBlob(bytes, MediaTypes.DockerManifest, Digest.Sha256(bytes)));
        foreach (var (digest, path) in paths) source._paths[digest] = path;
        return source;
    }

    public Task<ManifestBlob> GetManifestAsync(Digest? digest, CancellationToken ct)
    {
        if (digest is null || digest == _manifest.Digest) return Task.FromResult(_manifest);
        var bytes = File.ReadAllBytes(BlobFile(_root, digest.Value));
        return Task.FromResult(new ManifestBlob(bytes, ManifestParser.MediaTypeOf(bytes, null), digest.Value));
    }

    public Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct)
    {
        string path = _paths.TryGetValue(blob.Digest, out var p) ? p : BlobFile(_root, Digest.Parse(blob.Digest));
        if (!File.Exists(path)) throw new FileNotFoundException($"archive is missing blob {blob.Digest}");
        var stream = File.OpenRead(path);
        stream.Position = offset;
        return Task.FromResult<Stream>(stream);
    }

    private static string BlobFile(string root, Digest digest) => Path.Combine(root, "blobs", digest.Algorithm, digest.Hex);

    /// <summary>A path named by the archive, kept inside the unpacked archive.</summary>
    private static string SafeJoin(string root, string relative)
    {
        var parts = LayerPath.Split(relative, LayerLimits.Default);
        if (parts.Length == 0) throw new InvalidDataException($"invalid path in archive manifest: \"{relative}\"");
        return Path.Combine([root, .. parts]);
    }
}
