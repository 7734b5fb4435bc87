namespace Wharf.Api.Models;

/// <summary>Image inspect <c>RootFS</c>.</summary>
public sealed class ImageRootFs
{
    public string Type { get; set; } = "layers";
    public List<string> Layers { get; set; } = [];
}
