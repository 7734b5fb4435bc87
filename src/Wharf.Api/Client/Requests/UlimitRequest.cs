namespace Wharf.Api.Client.Requests;

/// <summary>One <c>--ulimit name=soft[:hard]</c>.</summary>
public sealed class UlimitRequest
{
    public required string Name { get; set; }
    public long Soft { get; set; }
    public long Hard { get; set; }
}
