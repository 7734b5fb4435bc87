using System.Text.Json;
using Wharf.Images.Copy;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images.Tests;

/// <summary>An in-memory image source: manifest, config and gzip layers built from plain layer tars.</summary>
public sealed class MemoryImageSource : IImageSource
{
    private readonly Dictionary<string, byte[]> _blobs = [];
    private readonly ManifestBlob _manifest;

    /// <summary>The layer blobs, bottom first.</summary>
    public IReadOnlyList<Descriptor> Layers { get; }

    public MemoryImageSource(params byte[][] plainLayers)
    {
        var layers = new List<Descriptor>();
        var diffIds = new List<string>();
        foreach (var plain in plainLayers)
        {
            var gz = new MemoryStream();
            using (var z = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, true)) z.Write(plain);
            var blob = gz.ToArray();
            _blobs[Digest.Sha256(blob).ToString()] = blob;
            layers.Add(new Descriptor { MediaType = MediaTypes.DockerLayerGzip, Digest = Digest.Sha256(blob).ToString(), Size = blob.Length });
            diffIds.Add(Digest.Sha256(plain).ToString());
        }
        var config = JsonSerializer.SerializeToUtf8Bytes(new ImageConfig { Rootfs = new RootFs { DiffIds = diffIds } }, OciJson.Default.ImageConfig);
        _blobs[Digest.Sha256(config).ToString()] = config;
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new ImageManifest
        {
            MediaType = MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = Digest.Sha256(config).ToString(), Size = config.Length },
            Layers = layers,
        }, OciJson.Default.ImageManifest);
        Layers = layers;
        _manifest = new ManifestBlob(manifest, MediaTypes.DockerManifest, Digest.Sha256(manifest));
    }

    public Task<ManifestBlob> GetManifestAsync(Digest? digest, CancellationToken ct) => Task.FromResult(_manifest);

    public Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct) =>
        Task.FromResult<Stream>(new MemoryStream(_blobs[blob.Digest], (int)offset, _blobs[blob.Digest].Length - (int)offset));
}
