using System.Globalization;
using System.Text.Json;
using Wharf.Api.Models;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>GET /containers/{id}/top: the container's processes (from the runtime's ps) shown like <c>ps -ef</c>.</summary>
    public async Task<ContainerTopResponse> TopAsync(Container c)
    {
        if (!c.Record.State.Running) throw EngineException.Conflict($"container {c.Id} is not running");
        var json = await _runtimeCommands.RunAsync(c.Record.RuntimePath, "ps", "--format", "json", c.Id);
        var pids = JsonSerializer.Deserialize(json, ApiJsonInts.Default.ListInt32) ?? [];
        var top = new ContainerTopResponse { Titles = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"] };
        foreach (int pid in pids.Order())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var cmd = File.ReadAllText($"/proc/{pid}/cmdline").TrimEnd('\0').Replace('\0', ' ');
                var uid = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
                long ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
                var time = TimeSpan.FromSeconds(ticks / 100.0);
                top.Processes.Add([uid == "0" ? "root" : uid, pid.ToString(), fields[1], "0", DateTime.Now.ToString("HH:mm"), "?", time.ToString(@"hh\:mm\:ss"), cmd]);
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidOperationException) { } // the process ended meanwhile
        }
        return top;
    }

    /// <summary>One stats sample from the container's cgroups (v1 hierarchy on this host, v2 when unified).</summary>
    public ContainerStats Stats(Container c)
    {
        var r = c.Record;
        var stats = new ContainerStats { Name = r.Name, Id = r.Id, Read = Rfc3339(DateTime.UtcNow) };
        if (!r.State.Running) return stats;
        string group = $"wharf/{r.Id}";
        ulong Read(params string[] candidates)
        {
            foreach (var f in candidates)
                try { var t = File.ReadAllText(f).Trim(); return t == "max" ? 0 : ulong.Parse(t, CultureInfo.InvariantCulture); }
                catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException) { }
            return 0;
        }
        stats.MemoryStats.Usage = Read($"/sys/fs/cgroup/memory/{group}/memory.usage_in_bytes", $"/sys/fs/cgroup/{group}/memory.current");
        ulong limit = Read($"/sys/fs/cgroup/memory/{group}/memory.limit_in_bytes", $"/sys/fs/cgroup/{group}/memory.max");
        ulong total = (ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        stats.MemoryStats.Limit = limit == 0 || limit > total ? total : limit;
        stats.CpuStats.CpuUsage.TotalUsage = Read($"/sys/fs/cgroup/cpu,cpuacct/{group}/cpuacct.usage", $"/sys/fs/cgroup/cpuacct/{group}/cpuacct.usage");
        stats.CpuStats.OnlineCpus = (uint)Environment.ProcessorCount;
        stats.CpuStats.SystemCpuUsage = SystemCpuNanos();
        stats.PidsStats.Current = Read($"/sys/fs/cgroup/pids/{group}/pids.current", $"/sys/fs/cgroup/{group}/pids.current");
        ulong pidsMax = Read($"/sys/fs/cgroup/pids/{group}/pids.max");
        if (pidsMax > 0) stats.PidsStats.Limit = pidsMax;
        return stats;
    }

    private static ulong SystemCpuNanos()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(7);
        return (ulong)cpu.Sum(v => long.Parse(v)) * 10_000_000UL; // USER_HZ 100 → ns
    }

    /// <summary>POST /containers/{id}/update: resources (applied live through the runtime) and the restart policy.</summary>
    public async Task<List<string>> UpdateAsync(Container c, ContainerUpdateRequest u)
    {
        var hc = c.Record.HostConfig;
        var trial = new HostConfig
        {
            Memory = u.Memory > 0 ? u.Memory : hc.Memory, MemorySwap = u.MemorySwap != 0 ? u.MemorySwap : hc.MemorySwap,
            NanoCpus = u.NanoCpus > 0 ? u.NanoCpus : hc.NanoCpus, RestartPolicy = u.RestartPolicy ?? hc.RestartPolicy, AutoRemove = hc.AutoRemove,
        };
        ValidateHostConfig(trial);
        if (c.Record.State.Running)
        {
            var args = new List<string> { "update" };
            if (u.Memory > 0) args.AddRange(["--memory", u.Memory.ToString()]);
            if (u.MemorySwap != 0) args.AddRange(["--memory-swap", u.MemorySwap.ToString()]);
            else if (u.Memory > 0 && hc.MemorySwap == 0) args.AddRange(["--memory-swap", (u.Memory * 2).ToString()]);
            if (u.NanoCpus > 0) args.AddRange(["--cpu-period", "100000", "--cpu-quota", (u.NanoCpus * 100_000 / 1_000_000_000).ToString()]);
            if (u.CpuQuota != 0) args.AddRange(["--cpu-quota", u.CpuQuota.ToString()]);
            if (u.CpuPeriod != 0) args.AddRange(["--cpu-period", u.CpuPeriod.ToString()]);
            if (u.CpuShares != 0) args.AddRange(["--cpu-share", u.CpuShares.ToString()]);
            if (u.PidsLimit is { } p && p != 0) args.AddRange(["--pids-limit", p.ToString()]);
            if (u.CpusetCpus.Length > 0) args.AddRange(["--cpuset-cpus", u.CpusetCpus]);
            if (args.Count > 1)
            {
                args.Add(c.Id);
                // runc and crun have `update`; wharf-runtime does not, so its containers get the cgroup files written directly.
                if (Path.GetFileName(c.Record.RuntimePath) == "wharf-runtime") CgroupUpdater.Apply(c.Id, u);
                else await _runtimeCommands.RunAsync(c.Record.RuntimePath, [.. args]);
            }
        }
        lock (c.Record)
        {
            if (u.Memory > 0) hc.Memory = u.Memory;
            if (u.MemorySwap != 0) hc.MemorySwap = u.MemorySwap;
            if (u.MemoryReservation > 0) hc.MemoryReservation = u.MemoryReservation;
            if (u.NanoCpus > 0) hc.NanoCpus = u.NanoCpus;
            if (u.CpuShares > 0) hc.CpuShares = u.CpuShares;
            if (u.CpuQuota != 0) hc.CpuQuota = u.CpuQuota;
            if (u.CpuPeriod != 0) hc.CpuPeriod = u.CpuPeriod;
            if (u.CpusetCpus.Length > 0) hc.CpusetCpus = u.CpusetCpus;
            if (u.PidsLimit is { } p && p != 0) hc.PidsLimit = p;
            if (u.RestartPolicy is { } rp && (rp.Name.Length > 0 || rp.MaximumRetryCount > 0)) hc.RestartPolicy = rp;
        }
        Store.Save(c);
        Emit(c, "update");
        return [];
    }
}

/// <summary>JSON for the runtime's <c>ps --format json</c> (a list of PIDs).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(List<int>))]
internal sealed partial class ApiJsonInts : System.Text.Json.Serialization.JsonSerializerContext;
