namespace Wharf.Api.Client.Requests;

/// <summary>One host side of a published port: <c>{"HostIp":"","HostPort":"8080"}</c>.</summary>
public sealed class PortBindingRequest
{
    public string HostIp { get; set; } = "";
    public string HostPort { get; set; } = "";
}
