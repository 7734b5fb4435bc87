using System.Text.Json.Serialization;

namespace Wharf.Images.Archive;

/// <summary>One image in a docker-archive's <c>manifest.json</c> (Docker's key casing).</summary>
public sealed class ArchiveManifestEntry
{
    [JsonPropertyName("Config")] public string Config { get; set; } = "";
    [JsonPropertyName("RepoTags")] public List<string>? RepoTags { get; set; }
    [JsonPropertyName("Layers")] public List<string> Layers { get; set; } = [];
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<ArchiveManifestEntry>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ArchiveJson : JsonSerializerContext;
