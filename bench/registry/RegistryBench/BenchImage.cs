using System.Security.Cryptography;
using System.Text.Json;

static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
}

/// <summary>A content descriptor as an image manifest lists it.</summary>
sealed record Descriptor(string MediaType, string Digest, long Size)
{
    public static Descriptor Of(string mediaType, byte[] bytes) => new(mediaType, RegistryCalls.Sha256Digest(bytes), bytes.Length);

    public static Descriptor Parse(JsonElement element) =>
        new(element.GetProperty("mediaType").GetString()!, element.GetProperty("digest").GetString()!, element.GetProperty("size").GetInt64());

    /// <summary>The descriptor as manifest JSON spells it (camelCase keys).</summary>
    public object ToJson() => new { mediaType = MediaType, digest = Digest, size = Size };
}

/// <summary>
/// One OCI image held in memory: incompressible random layers typed tar+gzip (as pushed images' layers are;
/// the registry never looks inside, so they are not gzip-framed), a config naming them, and the manifest.
/// </summary>
sealed class BenchImage
{
    public required byte[][] Layers { get; init; }
    public required Descriptor[] LayerDescriptors { get; init; }
    public required byte[] Config { get; init; }
    public required Descriptor ConfigDescriptor { get; init; }
    public required byte[] Manifest { get; init; }
    public required string ManifestDigest { get; init; }

    public long TotalBytes => Layers.Sum(l => (long)l.Length) + Config.Length + Manifest.Length;

    public static BenchImage Create(int layerCount, int layerBytes)
    {
        var layers = Enumerable.Range(0, layerCount).Select(_ => RandomNumberGenerator.GetBytes(layerBytes)).ToArray();
        var layerDescriptors = layers.Select(l => Descriptor.Of(MediaTypes.OciLayerGzip, l)).ToArray();
        // diff_ids are the digests of the unpacked layers; nothing here unpacks, so the layer digests stand in.
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64",
            os = "linux",
            rootfs = new { type = "layers", diff_ids = layerDescriptors.Select(d => d.Digest).ToArray() },
        });
        var configDescriptor = Descriptor.Of(MediaTypes.OciConfig, config);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = MediaTypes.OciManifest,
            config = configDescriptor.ToJson(),
            layers = layerDescriptors.Select(d => d.ToJson()).ToArray(),
        });
        return new BenchImage
        {
            Layers = layers, LayerDescriptors = layerDescriptors,
            Config = config, ConfigDescriptor = configDescriptor,
            Manifest = manifest, ManifestDigest = RegistryCalls.Sha256Digest(manifest),
        };
    }
}
