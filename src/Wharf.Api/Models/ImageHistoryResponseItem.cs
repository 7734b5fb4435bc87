namespace Wharf.Api.Models;

/// <summary>One item of GET /images/{name}/history. <c>Created</c> is unix seconds.</summary>
public sealed class ImageHistoryResponseItem
{
    public string Id { get; set; } = "";
    public long Created { get; set; }
    public string CreatedBy { get; set; } = "";
    public List<string>? Tags { get; set; }
    public long Size { get; set; }
    public string Comment { get; set; } = "";
}
