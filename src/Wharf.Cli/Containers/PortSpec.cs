using Wharf.Api.Models;

namespace Wharf.Cli.Containers;

/// <summary>Parses -p/--publish ("[ip:][hostPort:]containerPort[/proto]") and --expose into the create body.</summary>
public static class PortSpec
{
    public static void Add(string spec, Dictionary<string, EmptyObject> exposed, Dictionary<string, List<PortBinding>?> bindings)
    {
        var proto = "tcp";
        var slash = spec.LastIndexOf('/');
        var body = spec;
        if (slash >= 0)
        {
            proto = spec[(slash + 1)..].ToLowerInvariant();
            body = spec[..slash];
            if (proto is not ("tcp" or "udp" or "sctp")) throw new FormatException($"invalid proto: {proto}");
        }
        string ip = "", hostPort = "", containerPort;
        var lastColon = body.LastIndexOf(':');
        if (lastColon < 0) containerPort = body;
        else
        {
            containerPort = body[(lastColon + 1)..];
            var rest = body[..lastColon];
            var hostColon = rest.LastIndexOf(':');
            if (hostColon < 0 || rest.EndsWith(']')) hostPort = rest.StartsWith('[') ? "" : rest;
            else
            {
                hostPort = rest[(hostColon + 1)..];
                ip = rest[..hostColon].Trim('[', ']');
            }
        }
        if (!int.TryParse(containerPort, out var cp) || cp is <= 0 or > 65535) throw new FormatException($"invalid containerPort: {containerPort}");
        if (hostPort.Length > 0 && (!int.TryParse(hostPort, out var hp) || hp is < 0 or > 65535)) throw new FormatException($"invalid hostPort: {hostPort}");
        var key = $"{cp}/{proto}";
        exposed[key] = new EmptyObject();
        if (!bindings.TryGetValue(key, out var list) || list == null) bindings[key] = list = [];
        list.Add(new PortBinding { HostIp = ip, HostPort = hostPort });
    }

    public static void Expose(string spec, Dictionary<string, EmptyObject> exposed)
    {
        var slash = spec.IndexOf('/');
        var port = slash < 0 ? spec : spec[..slash];
        var proto = slash < 0 ? "tcp" : spec[(slash + 1)..];
        if (!int.TryParse(port, out _)) throw new FormatException($"invalid range format for --expose: {spec}");
        exposed[$"{port}/{proto}"] = new EmptyObject();
    }
}
