namespace Wharf.Images.Store;

/// <summary>"No such image: x" (HTTP 404 in the API).</summary>
public sealed class ImageNotFoundException(string reference) : KeyNotFoundException($"No such image: {reference}")
{
    public string Reference { get; } = reference;
}
