using System.Text.Json;
using Wharf.Images.Layers;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Images.Copy;

/// <summary>Reads manifests and indexes and refuses what Wharf cannot pull: non-JSON, schema 1, unknown media types.</summary>
public static class ManifestParser
{
    /// <summary>The media type the JSON declares, falling back to what the transport said (e.g. Content-Type).</summary>
    public static string MediaTypeOf(byte[] bytes, string? transportMediaType)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes); }
        catch (JsonException e) { throw new UnsupportedMediaTypeException($"invalid manifest: not JSON ({e.Message})"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new UnsupportedMediaTypeException("invalid manifest: not a JSON object");
            var root = doc.RootElement;
            if (root.TryGetProperty("schemaVersion", out var sv) && sv.ValueKind == JsonValueKind.Number && sv.GetInt32() == 1)
                throw new UnsupportedMediaTypeException("unsupported manifest format: Docker image manifest schema 1 is deprecated and not supported");
            if (root.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String) return mt.GetString()!;
            if (root.TryGetProperty("manifests", out _)) return MediaTypes.OciIndex;
            if (root.TryGetProperty("layers", out _)) return MediaTypes.OciManifest;
            return transportMediaType ?? "";
        }
    }

    public static bool IsIndex(ManifestBlob blob) => MediaTypes.IsIndex(MediaTypeOf(blob.Bytes, blob.MediaType));

    public static ImageIndex ParseIndex(ManifestBlob blob) =>
        JsonSerializer.Deserialize(blob.Bytes, OciJson.Default.ImageIndex) ?? throw new UnsupportedMediaTypeException("invalid manifest list: empty");

    /// <summary>The entry of an index for <paramref name="platform"/>; Docker's error when none fits.</summary>
    public static Descriptor SelectPlatform(ImageIndex index, PlatformSpec platform)
    {
        foreach (var entry in index.Manifests)
        {
            if (!MediaTypes.IsManifest(entry.MediaType)) continue; // attestations, nested indexes
            if (entry.Platform is { Architecture: "unknown" }) continue;
            if (platform.Matches(entry.Platform)) return entry;
        }
        throw new UnsupportedMediaTypeException($"no matching manifest for {platform} in the manifest list entries");
    }

    /// <summary>Parses an image manifest and checks config and layer media types.</summary>
    public static ImageManifest ParseManifest(ManifestBlob blob)
    {
        string mediaType = MediaTypeOf(blob.Bytes, blob.MediaType);
        if (!MediaTypes.IsManifest(mediaType)) throw new UnsupportedMediaTypeException($"unsupported manifest media type: {mediaType}");
        var manifest = JsonSerializer.Deserialize(blob.Bytes, OciJson.Default.ImageManifest) ?? throw new UnsupportedMediaTypeException("invalid manifest: empty");
        if (manifest.Config.MediaType is not (MediaTypes.OciConfig or MediaTypes.DockerConfig))
            throw new UnsupportedMediaTypeException($"unsupported config media type: {manifest.Config.MediaType} (not a container image)");
        foreach (var layer in manifest.Layers)
        {
            Decompression.FromMediaType(layer.MediaType); // throws on unknown layer types
            if (!Digest.TryParse(layer.Digest, out _)) throw new UnsupportedMediaTypeException($"invalid layer digest: {layer.Digest}");
        }
        if (!Digest.TryParse(manifest.Config.Digest, out _)) throw new UnsupportedMediaTypeException($"invalid config digest: {manifest.Config.Digest}");
        return manifest;
    }
}
