using System.Globalization;
using System.Text.Json;
using Wharf.Api.Client.Http;

namespace Wharf.Api.Client;

/// <summary>
/// A typed Engine API client. Every call opens its own connection (cheap on a unix socket), which keeps
/// concurrent calls such as attach + wait + start independent, and lets hijacked calls own their socket.
/// </summary>
public sealed partial class EngineClient
{
    /// <summary>The newest API version this client speaks; negotiation picks min(this, daemon).</summary>
    public const string MaxApiVersion = "1.51";

    /// <summary>The oldest daemon API version this client accepts, like docker's Go client.</summary>
    public const string MinApiVersion = "1.40";

    private readonly string _hostHeader;

    public EngineEndpoint Endpoint { get; }

    /// <summary>The version used in request paths; set by <see cref="NegotiateAsync"/> or pinned up front.</summary>
    public string ApiVersion { get; private set; }

    public bool VersionPinned { get; }

    public EngineClient(EngineEndpoint endpoint, string? pinnedVersion = null)
    {
        Endpoint = endpoint;
        VersionPinned = !string.IsNullOrEmpty(pinnedVersion);
        ApiVersion = VersionPinned ? pinnedVersion!.TrimStart('v') : MaxApiVersion;
        _hostHeader = endpoint.IsUnix ? "api.moby.localhost" : $"{endpoint.TcpHost}:{endpoint.TcpPort}";
    }

    /// <summary>Pings the daemon and lowers <see cref="ApiVersion"/> to what it advertises, unless pinned.</summary>
    public async Task<PingResult> NegotiateAsync(CancellationToken ct = default)
    {
        var ping = await PingAsync(ct).ConfigureAwait(false);
        if (!VersionPinned && ping.ApiVersion != null)
        {
            if (CompareVersions(ping.ApiVersion, MinApiVersion) < 0)
                throw new EngineApiException(400, $"client version {MinApiVersion} is too new, or the daemon's API version {ping.ApiVersion} is too old");
            ApiVersion = CompareVersions(ping.ApiVersion, MaxApiVersion) < 0 ? ping.ApiVersion : MaxApiVersion;
        }
        return ping;
    }

    /// <summary>HEAD /_ping on the unversioned path, falling back to GET like docker's client.</summary>
    public async Task<PingResult> PingAsync(CancellationToken ct = default)
    {
        await using var head = await SendAsync(new EngineRequest { Method = "HEAD", PathAndQuery = "/_ping" }, ct).ConfigureAwait(false);
        if (head.StatusCode == 200) return PingResult.From(head);
        await using var get = await SendAsync(new EngineRequest { Method = "GET", PathAndQuery = "/_ping" }, ct).ConfigureAwait(false);
        if (get.StatusCode >= 400) throw await ErrorAsync(get, "/_ping", ct).ConfigureAwait(false);
        return PingResult.From(get);
    }

    /// <summary>The versioned form of an API path, e.g. <c>/v1.47/containers/json</c>.</summary>
    public string Versioned(string path) => $"/v{ApiVersion}{path}";

    /// <summary>Sends a request and returns the response head; the caller reads and disposes the body.</summary>
    public async Task<EngineResponse> SendAsync(EngineRequest request, CancellationToken ct = default)
    {
        var connection = await EngineConnection.OpenAsync(Endpoint, ct).ConfigureAwait(false);
        try
        {
            await HttpRequestMessageWriter.WriteAsync(connection.Stream, request, _hostHeader, ct).ConfigureAwait(false);
            return await HttpResponseReader.ReadAsync(connection, request.Method, ct).ConfigureAwait(false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Sends a request to a versioned path and throws <see cref="EngineApiException"/> on an error status.</summary>
    public async Task<EngineResponse> SendCheckedAsync(EngineRequest request, CancellationToken ct = default)
    {
        var response = await SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode < 400) return response;
        await using (response) throw await ErrorAsync(response, request.PathAndQuery, ct).ConfigureAwait(false);
    }

    private static async Task<EngineApiException> ErrorAsync(EngineResponse response, string route, CancellationToken ct)
    {
        string body;
        try { body = await response.ReadStringAsync(ct).ConfigureAwait(false); }
        catch (IOException) { body = ""; }
        return EngineApiException.FromBody(response.StatusCode, response.ContentType, body, route);
    }

    private Task<EngineResponse> GetAsync(string path, CancellationToken ct) =>
        SendCheckedAsync(new EngineRequest { Method = "GET", PathAndQuery = Versioned(path) }, ct);

    private async Task<JsonDocument> GetJsonAsync(string path, CancellationToken ct)
    {
        await using var response = await GetAsync(path, ct).ConfigureAwait(false);
        return await response.ReadJsonAsync(ct).ConfigureAwait(false);
    }

    private async Task PostAsync(string path, CancellationToken ct)
    {
        await using var response = await SendCheckedAsync(new EngineRequest { Method = "POST", PathAndQuery = Versioned(path) }, ct).ConfigureAwait(false);
        await response.Body.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
    }

    private async Task<JsonDocument> PostJsonAsync(string path, byte[]? json, CancellationToken ct)
    {
        var request = json == null
            ? new EngineRequest { Method = "POST", PathAndQuery = Versioned(path) }
            : EngineRequest.Json("POST", Versioned(path), json);
        await using var response = await SendCheckedAsync(request, ct).ConfigureAwait(false);
        return await response.ReadJsonAsync(ct).ConfigureAwait(false);
    }

    private async Task DeleteAsync(string path, CancellationToken ct)
    {
        await using var response = await SendCheckedAsync(new EngineRequest { Method = "DELETE", PathAndQuery = Versioned(path) }, ct).ConfigureAwait(false);
        await response.Body.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
    }

    /// <summary>Opens a hijacked connection (attach, exec start): expects 101 and returns the raw two-way stream.</summary>
    public async Task<HijackedStream> HijackAsync(EngineRequest request, CancellationToken ct = default)
    {
        request.WithHeader("Connection", "Upgrade").WithHeader("Upgrade", "tcp");
        var response = await SendCheckedAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode != 101 && response.StatusCode != 200)
        {
            await response.DisposeAsync().ConfigureAwait(false);
            throw new EngineApiException(response.StatusCode, $"unable to upgrade to tcp, received {response.StatusCode}");
        }
        return new HijackedStream(response);
    }

    /// <summary>Compares dotted API versions numerically ("1.9" &lt; "1.47").</summary>
    public static int CompareVersions(string a, string b)
    {
        var pa = a.Split('.');
        var pb = b.Split('.');
        for (var i = 0; i < Math.Max(pa.Length, pb.Length); i++)
        {
            var x = i < pa.Length && int.TryParse(pa[i], NumberStyles.None, CultureInfo.InvariantCulture, out var xa) ? xa : 0;
            var y = i < pb.Length && int.TryParse(pb[i], NumberStyles.None, CultureInfo.InvariantCulture, out var yb) ? yb : 0;
            if (x != y) return x.CompareTo(y);
        }
        return 0;
    }
}
