namespace Wharf.Api.Models;

/// <summary>One <c>--ulimit name=soft:hard</c>.</summary>
public sealed class Ulimit
{
    public string Name { get; set; } = "";
    public long Soft { get; set; }
    public long Hard { get; set; }
}
