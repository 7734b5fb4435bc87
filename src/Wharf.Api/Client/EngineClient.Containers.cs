using System.Text.Json;
using Wharf.Api.Client.Http;
using Wharf.Api.Models;

namespace Wharf.Api.Client;

public sealed partial class EngineClient
{
    public Task<JsonDocument> ListContainersAsync(bool all, int limit, bool size, string? filters, CancellationToken ct = default) =>
        GetJsonAsync("/containers/json" + new Query().AddIf(all, "all").AddIf(limit > 0, "limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .AddIf(size, "size").AddNonEmpty("filters", filters), ct);

    /// <summary>Creates a container; returns its ID and the daemon's warnings.</summary>
    public async Task<(string Id, string[] Warnings)> CreateContainerAsync(ContainerCreateRequest body, string? name, string? platform, CancellationToken ct = default)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body, ApiJson.Default.ContainerCreateRequest);
        using var doc = await PostJsonAsync("/containers/create" + new Query().AddNonEmpty("name", name).AddNonEmpty("platform", platform), json, ct).ConfigureAwait(false);
        var root = doc.RootElement;
        var warnings = root.TryGetProperty("Warnings", out var w) && w.ValueKind == JsonValueKind.Array
            ? w.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToArray() : [];
        return (root.GetProperty("Id").GetString()!, warnings);
    }

    public Task<JsonDocument> InspectContainerAsync(string id, bool size = false, CancellationToken ct = default) =>
        GetJsonAsync($"/containers/{Uri.EscapeDataString(id)}/json" + new Query().AddIf(size, "size"), ct);

    public Task StartContainerAsync(string id, string? detachKeys = null, CancellationToken ct = default) =>
        PostAsync($"/containers/{Uri.EscapeDataString(id)}/start" + new Query().AddNonEmpty("detachKeys", detachKeys), ct);

    public Task StopContainerAsync(string id, int? timeout, string? signal, CancellationToken ct = default) =>
        PostAsync($"/containers/{Uri.EscapeDataString(id)}/stop" + TimeoutQuery(timeout, signal), ct);

    public Task RestartContainerAsync(string id, int? timeout, string? signal, CancellationToken ct = default) =>
        PostAsync($"/containers/{Uri.EscapeDataString(id)}/restart" + TimeoutQuery(timeout, signal), ct);

    private static Query TimeoutQuery(int? timeout, string? signal) =>
        new Query().Add("t", timeout?.ToString(System.Globalization.CultureInfo.InvariantCulture)).AddNonEmpty("signal", signal);

    public Task KillContainerAsync(string id, string? signal, CancellationToken ct = default) =>
        PostAsync($"/containers/{Uri.EscapeDataString(id)}/kill" + new Query().AddNonEmpty("signal", signal), ct);

    public Task RemoveContainerAsync(string id, bool force, bool volumes, bool link = false, CancellationToken ct = default) =>
        DeleteAsync($"/containers/{Uri.EscapeDataString(id)}" + new Query().AddIf(force, "force").AddIf(volumes, "v").AddIf(link, "link"), ct);

    public Task PauseContainerAsync(string id, CancellationToken ct = default) => PostAsync($"/containers/{Uri.EscapeDataString(id)}/pause", ct);

    public Task UnpauseContainerAsync(string id, CancellationToken ct = default) => PostAsync($"/containers/{Uri.EscapeDataString(id)}/unpause", ct);

    public Task RenameContainerAsync(string id, string newName, CancellationToken ct = default) =>
        PostAsync($"/containers/{Uri.EscapeDataString(id)}/rename" + new Query().Add("name", newName), ct);

    public Task ResizeContainerAsync(string id, int height, int width, CancellationToken ct = default) =>
        PostAsync($"/containers/{Uri.EscapeDataString(id)}/resize" + new Query().Add("h", height.ToString(System.Globalization.CultureInfo.InvariantCulture)).Add("w", width.ToString(System.Globalization.CultureInfo.InvariantCulture)), ct);

    public Task<JsonDocument> TopAsync(string id, string? psArgs, CancellationToken ct = default) =>
        GetJsonAsync($"/containers/{Uri.EscapeDataString(id)}/top" + new Query().AddNonEmpty("ps_args", psArgs), ct);

    public Task<JsonDocument> ContainerChangesAsync(string id, CancellationToken ct = default) =>
        GetJsonAsync($"/containers/{Uri.EscapeDataString(id)}/changes", ct);

    public async Task<string[]> UpdateContainerAsync(string id, ContainerUpdateRequest body, CancellationToken ct = default)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body, ApiJson.Default.ContainerUpdateRequest);
        using var doc = await PostJsonAsync($"/containers/{Uri.EscapeDataString(id)}/update", json, ct).ConfigureAwait(false);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("Warnings", out var w) && w.ValueKind == JsonValueKind.Array
            ? w.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : [];
    }

    public Task<JsonDocument> PruneContainersAsync(string? filters, CancellationToken ct = default) =>
        PostJsonAsync("/containers/prune" + new Query().AddNonEmpty("filters", filters), null, ct);

    public Task<JsonDocument> CommitAsync(string container, string? repo, string? tag, string? comment, string? author, bool pause, IEnumerable<string> changes, CancellationToken ct = default)
    {
        var q = new Query().Add("container", container).AddNonEmpty("repo", repo).AddNonEmpty("tag", tag)
            .AddNonEmpty("comment", comment).AddNonEmpty("author", author).Add("pause", pause ? "1" : "0");
        foreach (var c in changes) q.Add("changes", c);
        return PostJsonAsync("/commit" + q, null, ct);
    }

    /// <summary>Starts waiting; the returned task completes once the daemon has sent the response head (it registers the waiter first).</summary>
    public async Task<Task<WaitResult>> WaitContainerAsync(string id, string condition, CancellationToken ct = default)
    {
        var response = await SendCheckedAsync(new EngineRequest { Method = "POST", PathAndQuery = Versioned($"/containers/{Uri.EscapeDataString(id)}/wait" + new Query().AddNonEmpty("condition", condition)) }, ct).ConfigureAwait(false);
        return ReadWaitAsync(response, ct);
    }

    private static async Task<WaitResult> ReadWaitAsync(EngineResponse response, CancellationToken ct)
    {
        await using (response)
        {
            using var doc = await response.ReadJsonAsync(ct).ConfigureAwait(false);
            var root = doc.RootElement;
            var code = root.TryGetProperty("StatusCode", out var s) ? s.GetInt64() : 0;
            string? error = root.TryGetProperty("Error", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("Message", out var m) ? m.GetString() : null;
            return new WaitResult((int)code, string.IsNullOrEmpty(error) ? null : error);
        }
    }

    /// <summary>GET …/logs; the body is stdcopy frames (no TTY) or raw bytes.</summary>
    public Task<EngineResponse> LogsAsync(string id, LogsOptions options, CancellationToken ct = default)
    {
        var q = new Query().Add("stdout", "1").Add("stderr", "1").AddIf(options.Follow, "follow").AddNonEmpty("since", options.Since)
            .AddNonEmpty("until", options.Until).AddIf(options.Timestamps, "timestamps").AddIf(options.Details, "details");
        if (!string.IsNullOrEmpty(options.Tail) && options.Tail != "all") q.Add("tail", options.Tail);
        return GetAsync($"/containers/{Uri.EscapeDataString(id)}/logs" + q, ct);
    }

    /// <summary>Hijacked attach: stream=1 plus whichever of stdin/stdout/stderr are wanted.</summary>
    public Task<HijackedStream> AttachAsync(string id, bool stdin, bool stdout, bool stderr, string? detachKeys, bool logs = false, CancellationToken ct = default)
    {
        var q = new Query().Add("stream", "1").AddIf(stdin, "stdin").AddIf(stdout, "stdout").AddIf(stderr, "stderr")
            .AddNonEmpty("detachKeys", detachKeys).AddIf(logs, "logs");
        var request = new EngineRequest { Method = "POST", PathAndQuery = Versioned($"/containers/{Uri.EscapeDataString(id)}/attach" + q) }
            .WithHeader("Content-Type", "text/plain");
        return HijackAsync(request, ct);
    }

    public Task<EngineResponse> StatsAsync(string id, bool stream, CancellationToken ct = default) =>
        GetAsync($"/containers/{Uri.EscapeDataString(id)}/stats" + new Query().Add("stream", stream ? "1" : "0"), ct);

    public Task<EngineResponse> ExportContainerAsync(string id, CancellationToken ct = default) =>
        GetAsync($"/containers/{Uri.EscapeDataString(id)}/export", ct);
}
