namespace Wharf.Api.Models;

/// <summary>A <c>--device</c> entry.</summary>
public sealed class DeviceMapping
{
    public string PathOnHost { get; set; } = "";
    public string PathInContainer { get; set; } = "";
    public string CgroupPermissions { get; set; } = "";
}
