using System.Text.Json.Serialization;

namespace Wharf.Oci.Image;

/// <summary>An OCI content descriptor: what a manifest or index says about one blob.</summary>
public sealed class Descriptor
{
    public string MediaType { get; set; } = "";
    public string Digest { get; set; } = "";
    public long Size { get; set; }
    public List<string>? Urls { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
    public string? Data { get; set; }
    public Platform? Platform { get; set; }
    public string? ArtifactType { get; set; }
}

public sealed class Platform
{
    public string Architecture { get; set; } = "";
    public string Os { get; set; } = "";
    [JsonPropertyName("os.version")] public string? OsVersion { get; set; }
    [JsonPropertyName("os.features")] public List<string>? OsFeatures { get; set; }
    public string? Variant { get; set; }
    public List<string>? Features { get; set; }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
