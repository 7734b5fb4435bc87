namespace Wharf.Api.Models;

/// <summary>The <c>Platform</c> object of /version: just a product name.</summary>
public sealed class PlatformName
{
    public string Name { get; set; } = "";
}
