namespace Wharf.Api.Models;

/// <summary>Inspect <c>GraphDriver</c>: the storage driver and its directories.</summary>
public sealed class GraphDriverData
{
    public string Name { get; set; } = "overlay2";
    public Dictionary<string, string> Data { get; set; } = [];
}
