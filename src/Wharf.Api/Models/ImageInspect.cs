namespace Wharf.Api.Models;

/// <summary>GET /images/{name}/json.</summary>
public sealed class ImageInspect
{
    public string Id { get; set; } = "";
    public List<string> RepoTags { get; set; } = [];
    public List<string> RepoDigests { get; set; } = [];
    public string Parent { get; set; } = "";
    public string Comment { get; set; } = "";
    public string Created { get; set; } = "";
    public string DockerVersion { get; set; } = "";
    public string Author { get; set; } = "";
    public ContainerConfig? Config { get; set; }
    public string Architecture { get; set; } = "";
    public string? Variant { get; set; }
    public string Os { get; set; } = "";
    public long Size { get; set; }
    public long VirtualSize { get; set; }
    public GraphDriverData GraphDriver { get; set; } = new();
    public ImageRootFs RootFS { get; set; } = new();
    public ImageMetadata Metadata { get; set; } = new();
}
