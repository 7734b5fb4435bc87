namespace Wharf.Api.Models;

/// <summary>One item of GET /images/json. <c>Created</c> is unix seconds.</summary>
public sealed class ImageSummary
{
    public string Id { get; set; } = "";
    public string ParentId { get; set; } = "";
    public List<string> RepoTags { get; set; } = [];
    public List<string> RepoDigests { get; set; } = [];
    public long Created { get; set; }
    public long Size { get; set; }
    public long SharedSize { get; set; } = -1;
    public long VirtualSize { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public int Containers { get; set; } = -1;
}
