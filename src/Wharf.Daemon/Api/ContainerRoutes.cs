using System.Text;
using Wharf.Api.Models;
using Wharf.Daemon.Http;
using Wharf.Engine.Containers;
using Wharf.Engine.Errors;
using Wharf.Engine.Logs;

namespace Wharf.Daemon.Api;

/// <summary>The /containers routes other than the hijacked streams.</summary>
public sealed class ContainerRoutes(ContainerService engine)
{
    public void Map(Router r)
    {
        r.Map("POST", "/containers/create", CreateAsync);
        r.Map("GET", "/containers/json", ListAsync);
        r.Map("POST", "/containers/prune", PruneAsync);
        r.Map("GET", "/containers/{id}/json", (q, s) => s.WriteJsonAsync(200, engine.Inspect(Get(q)), ApiJson.Wire.ContainerInspect));
        r.Map("POST", "/containers/{id}/start", StartAsync);
        r.Map("POST", "/containers/{id}/stop", async (q, s) => { await engine.StopAsync(Get(q), q.Query.Int("t"), q.Query["signal"]); await s.NoContentAsync(); });
        r.Map("POST", "/containers/{id}/restart", async (q, s) => { await engine.RestartAsync(Get(q), q.Query.Int("t"), q.Query["signal"]); await s.NoContentAsync(); });
        r.Map("POST", "/containers/{id}/kill", async (q, s) => { await engine.KillAsync(Get(q), q.Query["signal"]); await s.NoContentAsync(); });
        r.Map("POST", "/containers/{id}/pause", async (q, s) => { await engine.PauseAsync(Get(q)); await s.NoContentAsync(); });
        r.Map("POST", "/containers/{id}/unpause", async (q, s) => { await engine.UnpauseAsync(Get(q)); await s.NoContentAsync(); });
        r.Map("POST", "/containers/{id}/rename", async (q, s) => { engine.Rename(Get(q), q.Query["name"] ?? ""); await s.NoContentAsync(); });
        r.Map("POST", "/containers/{id}/resize", async (q, s) => { await engine.ResizeAsync(Get(q), q.Query.Int("h") ?? 0, q.Query.Int("w") ?? 0); await s.WriteAsync(200, "text/plain; charset=utf-8", default); });
        r.Map("POST", "/containers/{id}/wait", WaitAsync);
        r.Map("DELETE", "/containers/{id}", async (q, s) => { await engine.RemoveAsync(Get(q), q.Query.Bool("force"), q.Query.Bool("v")); await s.NoContentAsync(); });
        r.Map("GET", "/containers/{id}/top", async (q, s) => await s.WriteJsonAsync(200, await engine.TopAsync(Get(q)), ApiJson.Wire.ContainerTopResponse));
        r.Map("GET", "/containers/{id}/stats", StatsAsync);
        r.Map("POST", "/containers/{id}/update", UpdateAsync);
        r.Map("GET", "/containers/{id}/logs", LogsAsync);
    }

    private Container Get(HttpRequest q) => engine.Store.Get(q.Route("id"));

    private async Task CreateAsync(HttpRequest q, HttpResponse s)
    {
        var body = await RequestJson.ReadAsync(q, ApiJson.Wire.ContainerCreateRequest)
            ?? throw EngineException.Invalid("config cannot be empty in order to create a container");
        var (c, warnings) = engine.Create(body, q.Query["name"]);
        await s.WriteJsonAsync(201, new ContainerCreateResponse { Id = c.Id, Warnings = warnings }, ApiJson.Wire.ContainerCreateResponse);
    }

    private async Task StartAsync(HttpRequest q, HttpResponse s)
    {
        var c = Get(q);
        await engine.StartAsync(c);
        await s.NoContentAsync();
    }

    private Task ListAsync(HttpRequest q, HttpResponse s) =>
        s.WriteJsonAsync(200, engine.List(q.Query.Bool("all"), q.Query.Int("limit"), RequestJson.Filters(q)), ApiJson.Wire.ListContainerSummary);

    private async Task PruneAsync(HttpRequest q, HttpResponse s) =>
        await s.WriteJsonAsync(200, await engine.PruneAsync(RequestJson.Filters(q)), ApiJson.Wire.ContainerPruneResponse);

    private async Task UpdateAsync(HttpRequest q, HttpResponse s)
    {
        var c = Get(q);
        var body = await RequestJson.ReadAsync(q, ApiJson.Wire.ContainerUpdateRequest) ?? new ContainerUpdateRequest();
        var warnings = await engine.UpdateAsync(c, body);
        await s.WriteJsonAsync(200, new WarningsResponse { Warnings = warnings }, ApiJson.Wire.WarningsResponse);
    }

    /// <summary>Headers go out before blocking (docker run starts the container only after they arrive).</summary>
    private async Task WaitAsync(HttpRequest q, HttpResponse s)
    {
        var c = Get(q);
        string? condition = q.Query["condition"];
        if (condition is not (null or "" or "not-running" or "next-exit" or "removed")) throw EngineException.Invalid($"invalid condition: \"{condition}\"");
        using var gone = ClientGone.Watch(q, s);
        var wait = engine.WaitAsync(c, condition, gone.Token);
        await s.StartStreamAsync("application/json");
        try
        {
            int code = await wait;
            await s.WriteJsonChunkAsync(new ContainerWaitResponse { StatusCode = code }, ApiJson.Wire.ContainerWaitResponse);
            await s.EndStreamAsync();
        }
        catch (OperationCanceledException) { }
    }

    private async Task StatsAsync(HttpRequest q, HttpResponse s)
    {
        var c = Get(q);
        bool stream = q.Query.BoolOr("stream", true) && !q.Query.Bool("one-shot");
        if (!stream)
        {
            var first = engine.Stats(c);
            if (!q.Query.Bool("one-shot") && c.IsRunning)
            {
                await Task.Delay(1000); // docker stats --no-stream compares two samples a second apart
                var second = engine.Stats(c);
                second.PreCpuStats = first.CpuStats;
                second.PreRead = first.Read;
                first = second;
            }
            await s.WriteJsonAsync(200, first, ApiJson.Wire.ContainerStats);
            return;
        }
        using var gone = ClientGone.Watch(q, s);
        await s.StartStreamAsync("application/json");
        ContainerStats? previous = null;
        while (!gone.Token.IsCancellationRequested)
        {
            var now = engine.Stats(c);
            if (previous is not null) { now.PreCpuStats = previous.CpuStats; now.PreRead = previous.Read; }
            try { await s.WriteJsonChunkAsync(now, ApiJson.Wire.ContainerStats); } catch (IOException) { return; }
            previous = now;
            if (!c.IsRunning) break;
            try { await Task.Delay(1000, gone.Token); } catch (OperationCanceledException) { return; }
        }
        await s.EndStreamAsync();
    }

    /// <summary>GET /containers/{id}/logs from the json-file log; stdcopy frames unless the container has a TTY.</summary>
    private async Task LogsAsync(HttpRequest q, HttpResponse s)
    {
        var c = Get(q);
        bool stdout = q.Query.Bool("stdout"), stderr = q.Query.Bool("stderr");
        if (!stdout && !stderr) throw EngineException.Invalid("Bad parameters: you must choose at least one stream");
        bool follow = q.Query.Bool("follow"), timestamps = q.Query.Bool("timestamps");
        int? tail = q.Query["tail"] is { Length: > 0 } t && t != "all" ? int.TryParse(t, out var n) ? n : throw EngineException.Invalid($"invalid tail: {t}") : null;
        DateTime? since = ToTime(SystemRoutes.ParseTime(q.Query["since"])), until = ToTime(SystemRoutes.ParseTime(q.Query["until"]));
        if (until == DateTime.UnixEpoch) until = null;
        bool tty = c.Record.Config.Tty;
        using var gone = ClientGone.Watch(q, s);
        await s.StartStreamAsync(tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream");
        var stopped = c.IsRunning ? c.NextExit.Task : Task.CompletedTask;
        try
        {
            await foreach (var e in JsonLogReader.ReadAsync(engine.Paths.Log(c.Id), tail, since, until, follow, stopped, gone.Token))
            {
                if (e.Stream == "stdout" ? !stdout : !stderr) continue;
                // Docker's fixed nine-digit fraction; .NET time has seven.
                string text = timestamps ? e.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff") + "00Z " + e.Text : e.Text;
                var payload = Encoding.UTF8.GetBytes(text);
                await s.WriteChunkAsync(tty ? payload : StdcopyFrame.Make(e.Stream == "stderr" ? (byte)2 : (byte)1, payload));
            }
            await s.EndStreamAsync();
        }
        catch (OperationCanceledException) { }
    }

    private static DateTime? ToTime(long? nanos) => nanos is { } n ? DateTime.UnixEpoch.AddTicks(n / 100) : null;
}
