using System.Text.Json.Serialization;

namespace Wharf.Images.Store;

/// <summary>Everything the store knows besides content and snapshots, kept in <c>images/state.json</c>
/// and rewritten atomically on every change.</summary>
public sealed class StoreState
{
    /// <summary>Normalised name:tag → image ID.</summary>
    public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>Image ID → what the store keeps about it. An image without tags is dangling but still here.</summary>
    public Dictionary<string, ImageRecord> Images { get; set; } = [];
}

public sealed class ImageRecord
{
    /// <summary>The platform manifest (byte-exact in the content store) that lists this image's layer blobs.</summary>
    public string? Manifest { get; set; }

    /// <summary>Normalised repo@digest names, the digest being what the image was pulled or pushed by.</summary>
    public List<string> RepoDigests { get; set; } = [];

    /// <summary>Index or manifest-list blobs kept for the RepoDigests (so GC keeps them).</summary>
    public List<string> Indexes { get; set; } = [];

    public string? Parent { get; set; }

    public DateTimeOffset? LastTagTime { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(StoreState))]
internal sealed partial class StoreStateJson : JsonSerializerContext;
