using Wharf.Api.Models;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    public ContainerInspect Inspect(Container c)
    {
        var r = c.Record;
        lock (r)
            return new ContainerInspect
            {
                Id = r.Id, Created = Rfc3339(r.Created), Path = r.Path, Args = r.Args, State = r.State, Image = r.ImageId,
                ResolvConfPath = Paths.ResolvConf(r.Id), HostnamePath = Paths.Hostname(r.Id), HostsPath = Paths.Hosts(r.Id),
                LogPath = Paths.Log(r.Id), Name = r.Name, RestartCount = r.RestartCount,
                ExecIDs = ExecIdsOf(c).ToList() is { Count: > 0 } ids ? ids : null,
                HostConfig = r.HostConfig, Config = r.Config, Mounts = MountPoints(r),
                GraphDriver = new GraphDriverData { Data = new() { ["MergedDir"] = Paths.Rootfs(r.Id), ["UpperDir"] = SafeUpper(r.Id) } },
                NetworkSettings = new NetworkSettings
                {
                    SandboxKey = r.State.Pid > 0 ? $"/proc/{r.State.Pid}/ns/net" : "",
                    Networks = new() { [NetworkName(r)] = new EndpointSettings { NetworkID = NetworkName(r) } },
                },
            };
    }

    private string SafeUpper(string id)
    {
        try { return Snapshots.UpperDir(id); } catch (Exception e) when (e is IOException or KeyNotFoundException or InvalidOperationException) { return ""; }
    }

    private static string NetworkName(ContainerRecord r) => r.HostConfig.NetworkMode == "bridge" ? "bridge" : r.HostConfig.NetworkMode;

    private static List<MountPoint> MountPoints(ContainerRecord r)
    {
        var list = new List<MountPoint>();
        foreach (var bind in r.HostConfig.Binds ?? [])
        {
            var p = bind.Split(':');
            if (p.Length < 2) continue;
            bool ro = p.Length > 2 && p[2].Split(',').Contains("ro");
            list.Add(new MountPoint { Type = "bind", Source = p[0], Destination = p[1], Mode = p.Length > 2 ? p[2] : "", RW = !ro, Propagation = "rprivate" });
        }
        foreach (var m in r.HostConfig.Mounts ?? [])
            list.Add(new MountPoint { Type = m.Type, Source = m.Source, Destination = m.Target, RW = !m.ReadOnly, Propagation = m.Type == "bind" ? "rprivate" : "" });
        return list;
    }

    public ContainerSummary Summary(Container c)
    {
        var r = c.Record;
        lock (r)
            return new ContainerSummary
            {
                Id = r.Id, Names = [r.Name], Image = r.Config.Image, ImageID = r.ImageId,
                Command = string.Join(' ', new[] { r.Path }.Concat(r.Args).Select(a => a.Contains(' ') ? $"\"{a}\"" : a)),
                Created = new DateTimeOffset(r.Created).ToUnixTimeSeconds(), Labels = r.Config.Labels ?? [],
                State = r.State.Status, Status = StatusText(r), HostConfig = new SummaryHostConfig { NetworkMode = r.HostConfig.NetworkMode },
                NetworkSettings = new SummaryNetworkSettings { Networks = new() { [NetworkName(r)] = new EndpointSettings { NetworkID = NetworkName(r) } } },
                Mounts = MountPoints(r),
            };
    }

    /// <summary>The human status column: "Up 5 seconds", "Exited (0) 2 minutes ago", "Created", …</summary>
    private static string StatusText(ContainerRecord r)
    {
        var s = r.State;
        if (s.Restarting) return $"Restarting ({s.ExitCode}) {Ago(s.FinishedAt)} ago";
        if (s.Running)
        {
            string up = "Up " + Duration(DateTime.UtcNow - Parse(s.StartedAt));
            if (s.Paused) up += " (Paused)";
            if (s.Health is { } h) up += h.Status == "starting" ? " (health: starting)" : $" ({h.Status})";
            return up;
        }
        if (s.Status == "removing") return "Removal In Progress";
        if (s.Status == "dead") return "Dead";
        if (!r.HasBeenStarted && s.Status == "created") return "Created";
        return $"Exited ({s.ExitCode}) {Ago(s.FinishedAt)} ago";
    }

    private static DateTime Parse(string t) => DateTime.TryParse(t, null, System.Globalization.DateTimeStyles.AdjustToUniversal, out var d) ? d : DateTime.UtcNow;
    private static string Ago(string t) => Duration(DateTime.UtcNow - Parse(t));

    /// <summary>Docker's units.HumanDuration.</summary>
    public static string Duration(TimeSpan d)
    {
        double s = d.TotalSeconds;
        if (s < 1) return "Less than a second";
        if (s < 2) return "1 second";
        if (s < 60) return $"{(int)s} seconds";
        double m = d.TotalMinutes;
        if (m < 2) return "About a minute";
        if (m < 60) return $"{(int)m} minutes";
        double h = d.TotalHours;
        if (Math.Round(h) == 1) return "About an hour";
        if (h < 48) return $"{(int)h} hours";
        if (h < 24 * 7 * 2) return $"{(int)(h / 24)} days";
        if (h < 24 * 30 * 2) return $"{(int)(h / 24 / 7)} weeks";
        if (h < 24 * 365 * 2) return $"{(int)(h / 24 / 30)} months";
        return $"{(int)(h / 24 / 365)} years";
    }

    /// <summary>GET /containers/json with all/limit/filters (status, name, id, label, exited, ancestor, before, since).</summary>
    public List<ContainerSummary> List(bool all, int? limit, Dictionary<string, HashSet<string>> filters)
    {
        foreach (var key in filters.Keys)
            if (key is not ("status" or "name" or "id" or "label" or "exited" or "ancestor" or "before" or "since" or "health" or "network" or "volume" or "publish" or "expose" or "isolation" or "is-task"))
                throw EngineException.Invalid($"invalid filter '{key}'");
        if (filters.TryGetValue("status", out var st))
            foreach (var v in st)
                if (v is not ("created" or "restarting" or "running" or "removing" or "paused" or "exited" or "dead"))
                    throw EngineException.Invalid($"invalid filter 'status={v}'");
        var items = Store.All().OrderByDescending(c => c.Record.Created).ToList();
        if (filters.TryGetValue("before", out var before) && before.Count > 0 && Store.TryGet(before.First()) is { } b)
            items = items.Where(c => c.Record.Created < b.Record.Created).ToList();
        if (filters.TryGetValue("since", out var since) && since.Count > 0 && Store.TryGet(since.First()) is { } sn)
            items = items.Where(c => c.Record.Created > sn.Record.Created).ToList();
        var result = new List<ContainerSummary>();
        foreach (var c in items)
        {
            var r = c.Record;
            bool explicitStatus = filters.ContainsKey("status") || filters.ContainsKey("exited");
            if (!all && !explicitStatus && !r.State.Running && !r.State.Restarting) continue;
            if (!Matches(filters, "status", v => v == r.State.Status)) continue;
            if (!Matches(filters, "name", v => r.Name.TrimStart('/').Contains(v.TrimStart('/')) || System.Text.RegularExpressions.Regex.IsMatch(r.Name, v.StartsWith('/') ? v : "/" + v.TrimStart('^')))) continue;
            if (!Matches(filters, "id", v => r.Id.StartsWith(v, StringComparison.Ordinal))) continue;
            if (!Matches(filters, "exited", v => !r.State.Running && r.HasBeenStarted && v == r.State.ExitCode.ToString())) continue;
            if (!Matches(filters, "ancestor", v => r.Config.Image == v || Familiar(r.Config.Image) == Familiar(v) || r.ImageId.Contains(v))) continue;
            if (!Matches(filters, "health", v => (r.State.Health?.Status ?? "none") == v)) continue;
            if (filters.TryGetValue("label", out var labels) && !labels.All(l => HasLabel(r, l))) continue;
            result.Add(Summary(c));
            if (limit is > 0 && result.Count >= limit) break;
        }
        return result;
    }

    private static bool Matches(Dictionary<string, HashSet<string>> f, string key, Func<string, bool> test) =>
        !f.TryGetValue(key, out var values) || values.Count == 0 || values.Any(test);

    private static bool HasLabel(ContainerRecord r, string filter)
    {
        var labels = r.Config.Labels ?? [];
        int eq = filter.IndexOf('=');
        return eq < 0 ? labels.ContainsKey(filter) : labels.TryGetValue(filter[..eq], out var v) && v == filter[(eq + 1)..];
    }

    /// <summary>POST /containers/prune: removes every stopped container (label/until filters honoured).</summary>
    public async Task<ContainerPruneResponse> PruneAsync(Dictionary<string, HashSet<string>> filters)
    {
        var result = new ContainerPruneResponse();
        foreach (var c in Store.All())
        {
            var r = c.Record;
            if (r.State.Running || r.State.Restarting) continue;
            if (filters.TryGetValue("label", out var labels) && !labels.All(l => HasLabel(r, l))) continue;
            if (filters.TryGetValue("until", out var until) && until.Count > 0 && long.TryParse(until.First().Split('.')[0], out var u)
                && new DateTimeOffset(r.Created).ToUnixTimeSeconds() >= u) continue;
            await RemoveAsync(c, force: false, removeVolumes: false);
            result.ContainersDeleted.Add(c.Id);
        }
        return result;
    }
}
