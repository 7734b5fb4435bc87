namespace Wharf.Api.Models;

/// <summary>One item of DELETE /images/{name}.</summary>
public sealed class ImageDeleteResponseItem
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Untagged { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Deleted { get; set; }
}
