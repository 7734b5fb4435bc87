using System.Text.Json;
using Wharf.Api.Client.Http;
using Wharf.Api.Client.Requests;

namespace Wharf.Api.Client;

public sealed partial class EngineClient
{
    public Task<JsonDocument> VersionAsync(CancellationToken ct = default) => GetJsonAsync("/version", ct);

    public Task<JsonDocument> InfoAsync(CancellationToken ct = default) => GetJsonAsync("/info", ct);

    public Task<JsonDocument> DiskUsageAsync(CancellationToken ct = default) => GetJsonAsync("/system/df", ct);

    /// <summary>GET /events: JSON objects, one per line, until the daemon or the caller ends it.</summary>
    public Task<EngineResponse> EventsAsync(string? since, string? until, string? filters, CancellationToken ct = default) =>
        GetAsync("/events" + new Query().AddNonEmpty("since", since).AddNonEmpty("until", until).AddNonEmpty("filters", filters), ct);

    /// <summary>POST /auth: checks credentials; returns the daemon's Status text and an identity token if any.</summary>
    public async Task<(string Status, string? IdentityToken)> AuthAsync(AuthConfigRequest auth, CancellationToken ct = default)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(auth, ClientJsonContext.Default.AuthConfigRequest);
        using var doc = await PostJsonAsync("/auth", json, ct).ConfigureAwait(false);
        var root = doc.RootElement;
        var status = root.TryGetProperty("Status", out var s) ? s.GetString() ?? "" : "";
        var token = root.TryGetProperty("IdentityToken", out var t) ? t.GetString() : null;
        return (status, string.IsNullOrEmpty(token) ? null : token);
    }
}
