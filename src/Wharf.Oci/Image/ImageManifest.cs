namespace Wharf.Oci.Image;

/// <summary>An OCI image manifest, or a Docker v2 schema 2 manifest (same shape, other media types).</summary>
public sealed class ImageManifest
{
    public int SchemaVersion { get; set; } = 2;
    public string? MediaType { get; set; }
    public string? ArtifactType { get; set; }
    public Descriptor Config { get; set; } = new();
    public List<Descriptor> Layers { get; set; } = [];
    public Descriptor? Subject { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}

/// <summary>An OCI image index, or a Docker manifest list.</summary>
public sealed class ImageIndex
{
    public int SchemaVersion { get; set; } = 2;
    public string? MediaType { get; set; }
    public string? ArtifactType { get; set; }
    public List<Descriptor> Manifests { get; set; } = [];
    public Descriptor? Subject { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}
