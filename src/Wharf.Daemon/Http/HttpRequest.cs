namespace Wharf.Daemon.Http;

/// <summary>One parsed HTTP/1.1 request.</summary>
public sealed class HttpRequest
{
    public required string Method { get; init; }
    /// <summary>Decoded path without the query, e.g. <c>/v1.47/containers/abc/json</c>.</summary>
    public required string Path { get; init; }
    public required QueryString Query { get; init; }
    public required Dictionary<string, string> Headers { get; init; }
    public required RequestBodyStream Body { get; init; }
    public required BufferedConnection Connection { get; init; }

    /// <summary>Route parameters filled by the router ("id", "name", …).</summary>
    public Dictionary<string, string> RouteValues { get; } = new(StringComparer.Ordinal);

    /// <summary>The API version of the URL prefix, or the server's own for unversioned paths.</summary>
    public Version ApiVersion { get; set; } = new(1, 47);

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public string Route(string name) => RouteValues[name];

    public bool WantsUpgrade =>
        (Header("Connection") ?? "").Contains("upgrade", StringComparison.OrdinalIgnoreCase) && Header("Upgrade") is not null;
}
