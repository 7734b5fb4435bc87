using System.Text.Json;
using Wharf.Api.Client.Http;
using Wharf.Api.Models;

namespace Wharf.Api.Client;

public sealed partial class EngineClient
{
    public async Task<string> CreateExecAsync(string container, ExecCreateRequest body, CancellationToken ct = default)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body, ApiJson.Default.ExecCreateRequest);
        using var doc = await PostJsonAsync($"/containers/{Uri.EscapeDataString(container)}/exec", json, ct).ConfigureAwait(false);
        return doc.RootElement.GetProperty("Id").GetString()!;
    }

    /// <summary>Starts an exec attached: a hijacked stream (the request has a JSON body and still upgrades).</summary>
    public Task<HijackedStream> StartExecAttachedAsync(string execId, bool tty, int[]? consoleSize, CancellationToken ct = default)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new ExecStartRequest { Tty = tty, ConsoleSize = consoleSize?.ToList() }, ApiJson.Default.ExecStartRequest);
        return HijackAsync(EngineRequest.Json("POST", Versioned($"/exec/{Uri.EscapeDataString(execId)}/start"), json), ct);
    }

    public async Task StartExecDetachedAsync(string execId, bool tty, CancellationToken ct = default)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new ExecStartRequest { Detach = true, Tty = tty }, ApiJson.Default.ExecStartRequest);
        await using var response = await SendCheckedAsync(EngineRequest.Json("POST", Versioned($"/exec/{Uri.EscapeDataString(execId)}/start"), json), ct).ConfigureAwait(false);
        await response.Body.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
    }

    public Task ResizeExecAsync(string execId, int height, int width, CancellationToken ct = default) =>
        PostAsync($"/exec/{Uri.EscapeDataString(execId)}/resize" + new Query().Add("h", height.ToString(System.Globalization.CultureInfo.InvariantCulture)).Add("w", width.ToString(System.Globalization.CultureInfo.InvariantCulture)), ct);

    public Task<JsonDocument> InspectExecAsync(string execId, CancellationToken ct = default) =>
        GetJsonAsync($"/exec/{Uri.EscapeDataString(execId)}/json", ct);
}
