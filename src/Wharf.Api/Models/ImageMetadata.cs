namespace Wharf.Api.Models;

/// <summary>Image inspect <c>Metadata</c>.</summary>
public sealed class ImageMetadata
{
    public string LastTagTime { get; set; } = "0001-01-01T00:00:00Z";
}
