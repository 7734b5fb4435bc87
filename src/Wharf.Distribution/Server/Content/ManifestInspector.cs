using System.Text.Json;
using Wharf.Distribution.Server.Http;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Distribution.Server.Content;

/// <summary>What the registry must know about a pushed manifest before it accepts it.</summary>
public sealed record ManifestFacts(
    string MediaType,
    bool IsIndex,
    IReadOnlyList<Digest> Blobs,
    IReadOnlyList<Digest> Manifests,
    Descriptor? Subject,
    string? ArtifactType,
    Dictionary<string, string>? Annotations);

/// <summary>Parses an image manifest or index (OCI or Docker v2 schema 2) and lists what it references.</summary>
public static class ManifestInspector
{
    public static readonly string[] Supported = [MediaTypes.OciManifest, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList];

    public static ManifestFacts Inspect(ReadOnlySpan<byte> body, string? contentType)
    {
        string? declared = null;
        bool hasManifests;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw RegistryException.ManifestInvalid("manifest is not a JSON object");
            if (doc.RootElement.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String) declared = mt.GetString();
            if (!doc.RootElement.TryGetProperty("schemaVersion", out var sv) || sv.ValueKind != JsonValueKind.Number || sv.GetInt32() != 2)
                throw RegistryException.ManifestInvalid("schemaVersion must be 2 (schema 1 manifests are not supported)");
            hasManifests = doc.RootElement.TryGetProperty("manifests", out _);
        }
        catch (JsonException e) { throw RegistryException.ManifestInvalid("manifest is not valid JSON: " + e.Message); }

        var type = MediaTypeOf(contentType);
        if (type is not null && declared is not null && type != declared)
            throw RegistryException.ManifestInvalid($"Content-Type {type} differs from the manifest's mediaType {declared}");
        type ??= declared ?? (hasManifests ? MediaTypes.OciIndex : MediaTypes.OciManifest);
        if (Array.IndexOf(Supported, type) < 0) throw RegistryException.ManifestInvalid($"unsupported manifest media type {type}");

        try
        {
            if (MediaTypes.IsIndex(type))
            {
                var index = JsonSerializer.Deserialize(body, OciJson.Default.ImageIndex) ?? throw RegistryException.ManifestInvalid("empty index");
                var children = index.Manifests.Select(d => ParseDigest(d.Digest)).ToList();
                return new ManifestFacts(type, true, [], children, index.Subject, index.ArtifactType, index.Annotations);
            }
            var manifest = JsonSerializer.Deserialize(body, OciJson.Default.ImageManifest) ?? throw RegistryException.ManifestInvalid("empty manifest");
            // Layers with URLs (foreign / non-distributable) are fetched elsewhere and need not be here.
            var blobs = new List<Digest> { ParseDigest(manifest.Config.Digest) };
            blobs.AddRange(manifest.Layers.Where(l => l.Urls is not { Count: > 0 }).Select(l => ParseDigest(l.Digest)));
            // The referrers API reports the config's media type when a manifest names no artifactType.
            var artifactType = manifest.ArtifactType ?? manifest.Config.MediaType;
            return new ManifestFacts(type, false, blobs, [], manifest.Subject, artifactType, manifest.Annotations);
        }
        catch (JsonException e) { throw RegistryException.ManifestInvalid("manifest does not match its schema: " + e.Message); }
    }

    /// <summary>The media type part of a Content-Type header, without parameters; null when absent or generic.</summary>
    public static string? MediaTypeOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var semi = contentType.IndexOf(';');
        var type = (semi < 0 ? contentType : contentType[..semi]).Trim();
        return type is "" or "application/json" or "application/octet-stream" ? null : type;
    }

    private static Digest ParseDigest(string text) =>
        Digest.TryParse(text, out var d) ? d : throw RegistryException.ManifestInvalid($"invalid digest \"{text}\" in manifest");
}
