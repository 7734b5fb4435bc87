namespace Wharf.Api.Models;

/// <summary>201 from container create: note <c>Id</c>, not <c>ID</c>.</summary>
public sealed class ContainerCreateResponse
{
    public string Id { get; set; } = "";
    public List<string> Warnings { get; set; } = [];
}
