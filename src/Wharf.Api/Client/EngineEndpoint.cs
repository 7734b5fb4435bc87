namespace Wharf.Api.Client;

/// <summary>Where the daemon listens: a unix socket path or a TCP host and port, optionally with TLS.</summary>
public sealed record EngineEndpoint
{
    /// <summary>The socket Wharf's daemon listens on when nothing else is configured.</summary>
    public const string DefaultHost = "unix:///run/wharf.sock";

    public string Host { get; init; } = DefaultHost;
    public string? UnixPath { get; init; }
    public string? TcpHost { get; init; }
    public int TcpPort { get; init; }
    public TlsSettings? Tls { get; init; }

    public bool IsUnix => UnixPath != null;

    /// <summary>Parses a docker host string: <c>unix:///path</c>, <c>tcp://host[:port]</c>, or a bare <c>host:port</c>.</summary>
    public static EngineEndpoint Parse(string host, TlsSettings? tls = null)
    {
        host = host.Trim();
        if (host.Length == 0) host = DefaultHost;
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = host["unix://".Length..];
            if (path.Length == 0) throw new FormatException($"invalid unix socket address: {host}");
            return new EngineEndpoint { Host = host, UnixPath = path, Tls = tls };
        }
        if (host.StartsWith('/')) return new EngineEndpoint { Host = "unix://" + host, UnixPath = host, Tls = tls };

        var rest = host;
        if (host.StartsWith("tcp://", StringComparison.Ordinal)) rest = host["tcp://".Length..];
        else if (host.StartsWith("http://", StringComparison.Ordinal)) rest = host["http://".Length..];
        else if (host.StartsWith("https://", StringComparison.Ordinal)) { rest = host["https://".Length..]; tls ??= new TlsSettings(); }
        else if (host.Contains("://", StringComparison.Ordinal))
            throw new FormatException($"unsupported protocol scheme in host \"{host}\"; Wharf accepts unix:// and tcp://");
        rest = rest.TrimEnd('/');
        if (rest.Length == 0) throw new FormatException($"invalid bind address \"{host}\": no host");

        string name; var port = tls != null ? 2376 : 2375;
        var colon = rest.LastIndexOf(':');
        var bracket = rest.LastIndexOf(']');
        if (colon > bracket)
        {
            name = rest[..colon];
            if (!int.TryParse(rest[(colon + 1)..], out port) || port is <= 0 or > 65535)
                throw new FormatException($"invalid bind address \"{host}\": invalid port");
        }
        else name = rest;
        name = name.Trim('[', ']');
        if (name.Length == 0) name = "localhost";
        return new EngineEndpoint { Host = $"tcp://{rest}", TcpHost = name, TcpPort = port, Tls = tls };
    }
}
