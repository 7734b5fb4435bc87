using System.Text.Json;
using Wharf.Api.Client.Http;

namespace Wharf.Api.Client;

public sealed partial class EngineClient
{
    public Task<JsonDocument> ListImagesAsync(bool all, bool digests, string? filters, CancellationToken ct = default) =>
        GetJsonAsync("/images/json" + new Query().AddIf(all, "all").AddIf(digests, "digests").AddNonEmpty("filters", filters), ct);

    public Task<JsonDocument> InspectImageAsync(string name, CancellationToken ct = default) =>
        GetJsonAsync($"/images/{name}/json", ct);

    public Task<JsonDocument> ImageHistoryAsync(string name, CancellationToken ct = default) =>
        GetJsonAsync($"/images/{name}/history", ct);

    /// <summary>POST /images/create?fromImage=…: a JSON progress stream.</summary>
    public Task<EngineResponse> PullImageAsync(string fromImage, string? tag, string? platform, string? registryAuth, CancellationToken ct = default)
    {
        var request = new EngineRequest { Method = "POST", PathAndQuery = Versioned("/images/create" + new Query().Add("fromImage", fromImage).AddNonEmpty("tag", tag).AddNonEmpty("platform", platform)) };
        if (!string.IsNullOrEmpty(registryAuth)) request.WithHeader("X-Registry-Auth", registryAuth);
        return SendCheckedAsync(request, ct);
    }

    /// <summary>POST /images/create?fromSrc=-: imports a tarball body as a one-layer image.</summary>
    public Task<EngineResponse> ImportImageAsync(Stream tarball, string? repo, string? tag, string? message, IEnumerable<string> changes, CancellationToken ct = default)
    {
        var q = new Query().Add("fromSrc", "-").AddNonEmpty("repo", repo).AddNonEmpty("tag", tag).AddNonEmpty("message", message);
        foreach (var c in changes) q.Add("changes", c);
        var request = new EngineRequest { Method = "POST", PathAndQuery = Versioned("/images/create" + q), BodyStream = tarball }
            .WithHeader("Content-Type", "application/x-tar");
        return SendCheckedAsync(request, ct);
    }

    public Task<EngineResponse> PushImageAsync(string name, string? tag, string registryAuth, CancellationToken ct = default)
    {
        var request = new EngineRequest { Method = "POST", PathAndQuery = Versioned($"/images/{name}/push" + new Query().AddNonEmpty("tag", tag)) }
            .WithHeader("X-Registry-Auth", registryAuth);
        return SendCheckedAsync(request, ct);
    }

    public Task TagImageAsync(string source, string repo, string? tag, CancellationToken ct = default) =>
        PostAsync($"/images/{source}/tag" + new Query().Add("repo", repo).AddNonEmpty("tag", tag), ct);

    public async Task<JsonDocument> RemoveImageAsync(string name, bool force, bool noPrune, CancellationToken ct = default)
    {
        await using var response = await SendCheckedAsync(new EngineRequest { Method = "DELETE", PathAndQuery = Versioned($"/images/{name}" + new Query().AddIf(force, "force").AddIf(noPrune, "noprune")) }, ct).ConfigureAwait(false);
        return await response.ReadJsonAsync(ct).ConfigureAwait(false);
    }

    public Task<EngineResponse> SaveImagesAsync(IEnumerable<string> names, CancellationToken ct = default)
    {
        var q = new Query();
        foreach (var n in names) q.Add("names", n);
        return GetAsync("/images/get" + q, ct);
    }

    public Task<EngineResponse> LoadImagesAsync(Stream tarball, bool quiet, CancellationToken ct = default) =>
        SendCheckedAsync(new EngineRequest { Method = "POST", PathAndQuery = Versioned("/images/load" + new Query().Add("quiet", quiet ? "1" : "0")), BodyStream = tarball }
            .WithHeader("Content-Type", "application/x-tar"), ct);

    public Task<JsonDocument> PruneImagesAsync(string? filters, CancellationToken ct = default) =>
        PostJsonAsync("/images/prune" + new Query().AddNonEmpty("filters", filters), null, ct);
}
