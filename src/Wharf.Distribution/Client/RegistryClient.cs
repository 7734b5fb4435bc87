using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Wharf.Distribution.Client;

/// <summary>The Distribution API v2 over HTTP(S) for any registry: endpoint choice (mirrors, HTTPS with HTTP
/// fallback for insecure registries), the Bearer token flow and Basic auth, retries of transient failures.
/// One instance serves every host; connections and tokens are cached per host.</summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly RegistryOptions _options;
    private readonly Func<string, RegistryAuth?> _credentials;
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new();
    private readonly ConcurrentDictionary<string, Uri> _workingEndpoint = new();
    private readonly TokenCache _tokens = new();

    /// <param name="credentials">Credentials for a registry host (e.g. from logins or X-Registry-Auth), or null.</param>
    public RegistryClient(RegistryOptions? options = null, Func<string, RegistryAuth?>? credentials = null)
    {
        _options = options ?? new RegistryOptions();
        _credentials = credentials ?? (_ => null);
    }

    public RegistryOptions Options => _options;

    /// <summary>Docker Hub's API host for docker.io; other hosts as they are.</summary>
    public static string ApiHost(string domain) => domain is "docker.io" or "index.docker.io" ? "registry-1.docker.io" : domain;

    /// <summary>Where to try, in order: mirrors (docker.io only), then the registry over HTTPS, then HTTP when insecure.</summary>
    internal IReadOnlyList<Uri> Endpoints(string domain)
    {
        if (_workingEndpoint.TryGetValue(domain, out var known)) return [known];
        var list = new List<Uri>();
        if (domain is "docker.io") list.AddRange(_options.Mirrors.Select(m => new Uri(m.TrimEnd('/') + "/")));
        string host = ApiHost(domain);
        list.Add(new Uri($"https://{host}/"));
        if (_options.IsInsecure(domain)) list.Add(new Uri($"http://{host}/"));
        return list;
    }

    /// <summary>Sends a request for <paramref name="path"/> (relative to the endpoint, e.g. "v2/x/manifests/1")
    /// with auth for <paramref name="scopes"/>, retrying transient failures. Non-success answers are returned,
    /// not thrown, so callers can treat 404 as "absent".</summary>
    internal async Task<HttpResponseMessage> SendAsync(string domain, IReadOnlyList<string> scopes, Func<Uri, HttpRequestMessage> make,
        HttpCompletionOption completion, CancellationToken ct)
    {
        Exception? lastError = null;
        foreach (var endpoint in Endpoints(domain))
        {
            try
            {
                var response = await SendToEndpointAsync(domain, endpoint, scopes, make, completion, ct).ConfigureAwait(false);
                // A mirror that lacks the content: fall through to the next endpoint, like Docker.
                if (response.StatusCode == HttpStatusCode.NotFound && endpoint != Endpoints(domain)[^1] && !_workingEndpoint.ContainsKey(domain))
                {
                    response.Dispose();
                    continue;
                }
                if (!_options.Mirrors.Any(m => endpoint.ToString().StartsWith(m.TrimEnd('/'), StringComparison.Ordinal)))
                    _workingEndpoint.TryAdd(domain, endpoint);
                return response;
            }
            catch (HttpRequestException e) when (!ct.IsCancellationRequested)
            {
                lastError = e;
            }
            // ConnectTimeout (which also bounds the TLS handshake) surfaces as a cancellation nobody asked for:
            // it is a failed endpoint, so an insecure registry still gets its plain-HTTP try, as with dockerd.
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                lastError = new HttpRequestException($"connection timed out: {e.Message}", e);
            }
        }
        throw new RegistryException($"Get \"{Endpoints(domain)[^1]}v2/\": {lastError?.Message}", null, null);
    }

    private async Task<HttpResponseMessage> SendToEndpointAsync(string domain, Uri endpoint, IReadOnlyList<string> scopes,
        Func<Uri, HttpRequestMessage> make, HttpCompletionOption completion, CancellationToken ct)
    {
        var client = ClientFor(endpoint, domain);
        string scopeKey = string.Join(' ', scopes);
        bool triedAuth = false;
        for (int attempt = 0; ; attempt++)
        {
            using var request = make(endpoint);
            string? header = _tokens.Get(endpoint.Authority, scopeKey);
            if (header is not null) request.Headers.Authorization = AuthenticationHeaderValue.Parse(header);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, completion, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < _options.MaxRetries && !IsFirstContact(domain) && !ct.IsCancellationRequested)
            {
                await Backoff(attempt, null, ct).ConfigureAwait(false);
                continue;
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && !triedAuth)
            {
                triedAuth = true;
                var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.ToString());
                response.Dispose();
                _tokens.Forget(endpoint.Authority, scopeKey);
                if (challenge is null) throw new RegistryException("unauthorized: registry asked for authentication without a challenge", HttpStatusCode.Unauthorized, "UNAUTHORIZED");
                await AuthenticateAsync(domain, endpoint, challenge, scopes, scopeKey, ct).ConfigureAwait(false);
                continue;
            }
            if (IsTransient(response.StatusCode) && attempt < _options.MaxRetries)
            {
                var retryAfter = response.Headers.RetryAfter?.Delta;
                response.Dispose();
                await Backoff(attempt, retryAfter, ct).ConfigureAwait(false);
                continue;
            }
            return response;
        }
    }

    private bool IsFirstContact(string domain) => !_workingEndpoint.ContainsKey(domain);

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static Task Backoff(int attempt, TimeSpan? retryAfter, CancellationToken ct)
    {
        var delay = retryAfter is { } r && r < TimeSpan.FromSeconds(30) ? r : TimeSpan.FromMilliseconds(200 << Math.Min(attempt, 6));
        return Task.Delay(delay, ct);
    }

    private HttpClient ClientFor(Uri endpoint, string domain) => _clients.GetOrAdd(endpoint.GetLeftPart(UriPartial.Authority), _ =>
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = RegistryTls.For(domain, _options, _options.IsInsecure(domain)),
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = true,
            MaxConnectionsPerServer = 16,
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    });

    /// <summary>Answers a challenge: Basic with the stored credentials, or Bearer by fetching a token from the realm
    /// (with Basic credentials, or anonymously), cached for its lifetime (expires_in, 60 s by default).</summary>
    private async Task AuthenticateAsync(string domain, Uri endpoint, AuthChallenge challenge, IReadOnlyList<string> scopes, string scopeKey, CancellationToken ct)
    {
        var auth = _credentials(domain);
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (auth is null || !auth.HasCredentials) throw new RegistryException("unauthorized: authentication required", HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            _tokens.Put(endpoint.Authority, scopeKey, "Basic " + auth.BasicHeader(), TimeSpan.FromHours(1));
            return;
        }
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || challenge.Realm is null)
            throw new RegistryException($"unauthorized: unsupported authentication scheme {challenge.Scheme}", HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        if (auth?.RegistryToken is { Length: > 0 } given)
        {
            _tokens.Put(endpoint.Authority, scopeKey, "Bearer " + given, TimeSpan.FromMinutes(5));
            return;
        }
        var query = new List<string>();
        if (challenge.Service is not null) query.Add("service=" + Uri.EscapeDataString(challenge.Service));
        foreach (var scope in scopes) query.Add("scope=" + Uri.EscapeDataString(scope));
        var url = new UriBuilder(challenge.Realm);
        url.Query = string.Join('&', new[] { url.Query.TrimStart('?') }.Where(q => q.Length > 0).Concat(query));
        using var request = new HttpRequestMessage(HttpMethod.Get, url.Uri);
        if (auth is not null && auth.HasCredentials) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", auth.BasicHeader());
        var client = ClientFor(url.Uri, url.Uri.Authority);
        using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            throw new RegistryException("unauthorized: incorrect username or password", response.StatusCode, "UNAUTHORIZED");
        if (!response.IsSuccessStatusCode)
            throw new RegistryException($"token request to {challenge.Realm} failed: {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        TokenResponse? token;
        try { token = JsonSerializer.Deserialize(body, RegistryAuthJson.Default.TokenResponse); }
        catch (JsonException) { throw new RegistryException($"token server {challenge.Realm} answered with something that is not JSON"); }
        string? value = token?.Token ?? token?.AccessToken;
        if (string.IsNullOrEmpty(value)) throw new RegistryException($"token server {challenge.Realm} returned no token");
        _tokens.Put(endpoint.Authority, scopeKey, "Bearer " + value, TimeSpan.FromSeconds(token!.ExpiresIn is > 0 ? token.ExpiresIn.Value : 60));
    }

    /// <summary>Turns a failed answer into Docker's error text: "code: message" from the registry's JSON errors,
    /// else "received unexpected HTTP status: 500 Internal Server Error".</summary>
    internal static async Task<RegistryException> ErrorFromAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        string body = "";
        try { body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false); } catch (HttpRequestException) { }
        try
        {
            var errors = JsonSerializer.Deserialize(body, RegistryAuthJson.Default.RegistryErrors)?.Errors;
            if (errors is { Count: > 0 })
            {
                var e = errors[0];
                string code = (e.Code ?? "").ToLowerInvariant().Replace('_', ' ');
                string text = response.StatusCode == HttpStatusCode.NotFound ? $"{what} not found: {code}: {e.Message}" : $"{code}: {e.Message}";
                return new RegistryException(text, response.StatusCode, e.Code);
            }
        }
        catch (JsonException) { }
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            return new RegistryException("unauthorized: authentication required", response.StatusCode, "UNAUTHORIZED");
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            return new RegistryException("toomanyrequests: too many requests to the registry, retries exhausted", response.StatusCode, "TOOMANYREQUESTS");
        return new RegistryException($"received unexpected HTTP status: {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
