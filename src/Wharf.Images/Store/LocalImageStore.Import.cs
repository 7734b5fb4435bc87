using System.Text.Json;
using Wharf.Images.Layers;
using Wharf.Images.References;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images;

public sealed partial class LocalImageStore
{
    /// <summary><c>docker import</c>: one layer from a rootfs tar (plain, gzip or zstd). The layer is stored as the
    /// uncompressed tar, so its blob digest is its diff ID; config, history and a schema 2 manifest are written.</summary>
    public Task<LocalImage> ImportAsync(Stream rootfsTar, string? reference, ContainerConfig? config, string? message, CancellationToken ct) =>
        Task.Run(() => Import(rootfsTar, reference, config, message, ct), ct);

    private LocalImage Import(Stream rootfsTar, string? reference, ContainerConfig? config, string? message, CancellationToken ct)
    {
        var tag = reference is null ? null : ImageReference.Parse(reference);
        if (tag?.Digest is not null) throw new ReferenceFormatException("refusing to create a tag with a digest reference");
        using var lease = Lease();
        using var writer = Content.OpenUniqueWriter();
        var plain = Decompression.OpenDetected(rootfsTar, out _);
        // The blob is the plain tar: tee it into the content writer while unpacking.
        using var teed = new HashingReadStream(plain, writer.Write);
        var diffId = UnpackLayer(teed, Compression.None, null, diff =>
        {
            teed.Drain();
            lease.Add(diff.ToString());
            writer.Commit(-1, diff);
            return diff.ToString();
        }, ct);
        long layerSize = Content.Size(diffId);

        var now = DateTimeOffset.UtcNow;
        string comment = string.IsNullOrEmpty(message) ? "Imported from -" : message;
        var imageConfig = new ImageConfig
        {
            Created = now,
            Architecture = "amd64",
            Os = "linux",
            Config = config ?? new ContainerConfig(),
            Rootfs = new RootFs { DiffIds = [diffId.ToString()] },
            History = [new HistoryEntry { Created = now, Comment = comment }],
            Comment = comment,
        };
        var configDigest = Content.Put(JsonSerializer.SerializeToUtf8Bytes(imageConfig, OciJson.Default.ImageConfig));
        lease.Add(configDigest.ToString());
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = configDigest.ToString(), Size = Content.Size(configDigest) },
            Layers = [new Descriptor { MediaType = MediaTypes.DockerLayer, Digest = diffId.ToString(), Size = layerSize }],
        };
        var manifestDigest = Content.Put(JsonSerializer.SerializeToUtf8Bytes(manifest, OciJson.Default.ImageManifest));
        return AddImage(configDigest, manifestDigest, tag is null ? [] : [tag], []);
    }
}
