using System.Runtime.InteropServices;
using System.Text;
using Wharf.Api.Models;
using Wharf.Daemon.Http;
using Wharf.Engine.Containers;

namespace Wharf.Daemon.Api;

/// <summary>/_ping, /version, /info, /events, and the swarm/plugin routes answered as a non-swarm Docker does.</summary>
public sealed class SystemRoutes(ContainerService engine, DaemonOptions options)
{
    public void Map(Router r)
    {
        r.Map("GET", "/_ping", PingAsync);
        r.Map("HEAD", "/_ping", PingAsync);
        r.Map("GET", "/version", (_, res) => res.WriteJsonAsync(200, Version(), ApiJson.Wire.SystemVersion));
        r.Map("GET", "/info", (_, res) => res.WriteJsonAsync(200, Info(), ApiJson.Wire.SystemInfo));
        r.Map("GET", "/events", EventsAsync);
        r.Map("GET", "/plugins", (_, res) => res.WriteJsonAsync(200, new List<object>(), ApiJson.Wire.ListObject));
        foreach (var prefix in new[] { "/swarm", "/services", "/nodes", "/tasks", "/secrets", "/configs" })
        {
            r.Map("GET", prefix, NotSwarmAsync);
            r.Map("GET", prefix + "/{id}", NotSwarmAsync);
        }
    }

    private static Task NotSwarmAsync(HttpRequest req, HttpResponse res) =>
        ApiHost.ErrorAsync(res, 503, "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.");

    private static Task PingAsync(HttpRequest req, HttpResponse res)
    {
        res.Headers.Add(new("Builder-Version", "1"));
        res.Headers.Add(new("Swarm", "inactive"));
        res.Headers.Add(new("Cache-Control", "no-cache, no-store, must-revalidate"));
        res.Headers.Add(new("Pragma", "no-cache"));
        return res.WriteTextAsync(200, "OK");
    }

    private static string Kernel() => File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "";

    private SystemVersion Version() => new()
    {
        Platform = new PlatformName { Name = "Wharf Engine" },
        Components =
        [
            new ComponentVersion { Name = "Engine", Version = ApiVersions.EngineVersion, Details = new() { ["ApiVersion"] = ApiVersions.Text(ApiVersions.Max), ["MinAPIVersion"] = ApiVersions.Text(ApiVersions.Min), ["Os"] = "linux", ["Arch"] = "amd64", ["KernelVersion"] = Kernel() } },
            new ComponentVersion { Name = engine.Runtimes.DefaultName, Version = "1.0.0" },
        ],
        Version = ApiVersions.EngineVersion, ApiVersion = ApiVersions.Text(ApiVersions.Max), MinAPIVersion = ApiVersions.Text(ApiVersions.Min),
        GitCommit = "wharf", GoVersion = RuntimeInformation.FrameworkDescription, KernelVersion = Kernel(), BuildTime = "",
    };

    private SystemInfo Info()
    {
        var all = engine.Store.All();
        string os = "Linux";
        try { os = File.ReadLines("/etc/os-release").First(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))[12..].Trim('"'); }
        catch (Exception e) when (e is IOException or InvalidOperationException) { }
        return new SystemInfo
        {
            ID = options.DaemonId,
            Containers = all.Count,
            ContainersRunning = all.Count(c => c.Record.State.Running && !c.Record.State.Paused),
            ContainersPaused = all.Count(c => c.Record.State.Paused),
            ContainersStopped = all.Count(c => !c.Record.State.Running),
            Images = engine.Images.List().Count,
            DriverStatus = [["Backing Filesystem", "extfs"], ["Supports d_type", "true"]],
            NFd = Directory.GetFiles("/proc/self/fd").Length,
            NGoroutines = System.Diagnostics.Process.GetCurrentProcess().Threads.Count,
            SystemTime = DateTime.Now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz"),
            CgroupVersion = Directory.Exists("/sys/fs/cgroup/memory") ? "1" : "2",
            NEventsListener = engine.Events.SubscriberCount,
            KernelVersion = Kernel(), OperatingSystem = os, OSVersion = "",
            NCPU = Environment.ProcessorCount,
            MemTotal = (long)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            DockerRootDir = options.DataRoot,
            Name = Environment.MachineName,
            ServerVersion = ApiVersions.EngineVersion,
            Runtimes = engine.Runtimes.All.ToDictionary(p => p.Key, p => new RuntimeInfo { Path = p.Value }),
            DefaultRuntime = engine.Runtimes.DefaultName,
            LiveRestoreEnabled = options.LiveRestore,
            SecurityOptions = ["name=seccomp,profile=builtin", "name=cgroupns"],
        };
    }

    /// <summary>GET /events: past events from <c>since</c>, then live ones until <c>until</c> or the client leaves.</summary>
    private async Task EventsAsync(HttpRequest req, HttpResponse res)
    {
        var filters = RequestJson.Filters(req);
        long? since = ParseTime(req.Query["since"]), until = ParseTime(req.Query["until"]);
        var (past, live) = engine.Events.Subscribe(since ?? (until is not null ? 0 : null));
        using var gone = ClientGone.Watch(req, res);
        try
        {
            await res.StartStreamAsync("application/json");
            bool legacy = req.ApiVersion < new Version(1, 52);
            foreach (var e in past)
                if ((until is null || e.TimeNano <= until) && Matches(e, filters)) await WriteAsync(res, e, legacy);
            if (until is { } u && u <= (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100) { await res.EndStreamAsync(); return; }
            using var stopAt = new CancellationTokenSource();
            if (until is { } u2) stopAt.CancelAfter(TimeSpan.FromTicks(Math.Max(0, u2 / 100 - (DateTime.UtcNow - DateTime.UnixEpoch).Ticks)));
            using var both = CancellationTokenSource.CreateLinkedTokenSource(gone.Token, stopAt.Token);
            try
            {
                await foreach (var e in live.Reader.ReadAllAsync(both.Token))
                    if (Matches(e, filters)) await WriteAsync(res, e, legacy);
            }
            catch (OperationCanceledException) { }
            if (!gone.Token.IsCancellationRequested) await res.EndStreamAsync();
        }
        finally { engine.Events.Unsubscribe(live); }
    }

    private static Task WriteAsync(HttpResponse res, EventMessage e, bool legacy)
    {
        if (legacy && e.Type == "container") { e.Status = e.Action; e.Id = e.Actor.ID; e.From = e.Actor.Attributes.GetValueOrDefault("image"); }
        return res.WriteJsonChunkAsync(e, ApiJson.Wire.EventMessage);
    }

    private static bool Matches(EventMessage e, Dictionary<string, HashSet<string>> f)
    {
        bool Test(string key, Func<string, bool> ok) => !f.TryGetValue(key, out var v) || v.Count == 0 || v.Any(ok);
        return Test("type", v => v == e.Type)
            && Test("event", v => v == e.Action || e.Action.StartsWith(v + ":", StringComparison.Ordinal))
            && Test("container", v => e.Type == "container" && (e.Actor.ID.StartsWith(v, StringComparison.Ordinal) || e.Actor.Attributes.GetValueOrDefault("name") == v))
            && Test("image", v => e.Actor.Attributes.GetValueOrDefault("image") == v || e.Actor.ID == v)
            && Test("label", v =>
            {
                int eq = v.IndexOf('=');
                return eq < 0 ? e.Actor.Attributes.ContainsKey(v) : e.Actor.Attributes.GetValueOrDefault(v[..eq]) == v[(eq + 1)..];
            });
    }

    /// <summary>"SECONDS[.NANOS]" → unix nanoseconds.</summary>
    internal static long? ParseTime(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        return UnixTimestamp.TryParseNanoseconds(text, out long nanoseconds)
            ? nanoseconds
            : throw new BadRequestException($"invalid timestamp: {text}");
    }
}
