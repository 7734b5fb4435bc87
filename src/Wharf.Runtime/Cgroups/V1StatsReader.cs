namespace Wharf.Runtime.Cgroups;

/// <summary>Reads <see cref="CgroupStats"/> from cgroup v1 controller files.</summary>
internal static class V1StatsReader
{
    // cpuacct.stat counts USER_HZ ticks, which is 100 per second on every Linux ABI.
    private const ulong NsPerTick = 1_000_000_000 / 100;

    public static CgroupStats Read(CgroupV1 cgroup)
        => new(Memory(cgroup.Dir("memory")), Cpu(cgroup.Dir("cpuacct"), cgroup.Dir("cpu")),
            Pids(cgroup.Dir("pids")), Blkio(cgroup.Dir("blkio")));

    private static MemoryStats Memory(string? dir)
    {
        if (dir is null)
            return new MemoryStats(0, ulong.MaxValue, 0, 0, 0, 0, new Dictionary<string, ulong>());
        var stat = CgroupFile.ReadKeyValues(dir, "memory.stat");
        var oom = CgroupFile.ReadKeyValues(dir, "memory.oom_control");
        var usage = CgroupFile.TryReadNumber(dir, "memory.usage_in_bytes") ?? 0;
        var memsw = CgroupFile.TryReadNumber(dir, "memory.memsw.usage_in_bytes");
        return new MemoryStats(
            Usage: usage,
            Limit: Unlimited(CgroupFile.TryReadNumber(dir, "memory.limit_in_bytes")),
            MaxUsage: CgroupFile.TryReadNumber(dir, "memory.max_usage_in_bytes") ?? 0,
            OomKills: oom.GetValueOrDefault("oom_kill"),
            Cache: stat.GetValueOrDefault("total_cache", stat.GetValueOrDefault("cache")),
            SwapUsage: memsw is { } sw && sw >= usage ? sw - usage : 0,
            Stat: stat);
    }

    private static CpuStats Cpu(string? cpuacct, string? cpu)
    {
        ulong total = 0, user = 0, system = 0;
        IReadOnlyList<ulong> perCpu = [];
        if (cpuacct is not null)
        {
            total = CgroupFile.TryReadNumber(cpuacct, "cpuacct.usage") ?? 0;
            var userNs = CgroupFile.TryReadNumber(cpuacct, "cpuacct.usage_user");
            var sysNs = CgroupFile.TryReadNumber(cpuacct, "cpuacct.usage_sys");
            if (userNs is not null && sysNs is not null)
            {
                (user, system) = (userNs.Value, sysNs.Value);
            }
            else
            {
                var ticks = CgroupFile.ReadKeyValues(cpuacct, "cpuacct.stat");
                (user, system) = (ticks.GetValueOrDefault("user") * NsPerTick, ticks.GetValueOrDefault("system") * NsPerTick);
            }
            perCpu = (CgroupFile.TryRead(cpuacct, "cpuacct.usage_percpu") ?? "")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse).ToArray();
        }
        var throttling = cpu is null ? new Dictionary<string, ulong>() : CgroupFile.ReadKeyValues(cpu, "cpu.stat");
        return new CpuStats(total, user, system, perCpu, throttling.GetValueOrDefault("nr_periods"),
            throttling.GetValueOrDefault("nr_throttled"), throttling.GetValueOrDefault("throttled_time"));
    }

    private static PidsStats Pids(string? dir)
        => dir is null
            ? new PidsStats(0, ulong.MaxValue)
            : new PidsStats(CgroupFile.TryReadNumber(dir, "pids.current") ?? 0,
                CgroupFile.TryReadNumber(dir, "pids.max") ?? ulong.MaxValue);

    /// <summary>blkio.throttle.io_service_bytes: "MAJ:MIN Read N" lines; counts I/O even without a throttle.</summary>
    private static BlkioStats Blkio(string? dir)
    {
        var devices = new Dictionary<(ulong, ulong), (ulong Read, ulong Write)>();
        var text = dir is null ? null : CgroupFile.TryRead(dir, "blkio.throttle.io_service_bytes");
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || !ulong.TryParse(parts[2], out var bytes))
                continue;
            var numbers = parts[0].Split(':');
            if (numbers.Length != 2 || !ulong.TryParse(numbers[0], out var major) || !ulong.TryParse(numbers[1], out var minor))
                continue;
            var entry = devices.GetValueOrDefault((major, minor));
            if (parts[1] == "Read")
                entry.Read += bytes;
            else if (parts[1] == "Write")
                entry.Write += bytes;
            devices[(major, minor)] = entry;
        }
        var list = devices.Select(d => new BlkioDeviceStats(d.Key.Item1, d.Key.Item2, d.Value.Read, d.Value.Write)).ToArray();
        return new BlkioStats((ulong)list.Sum(d => (decimal)d.ReadBytes), (ulong)list.Sum(d => (decimal)d.WriteBytes), list);
    }

    /// <summary>v1 reports "no limit" as the largest page-aligned long.</summary>
    private static ulong Unlimited(ulong? limit) => limit is null or >= 0x7FFF_FFFF_FFFF_F000 ? ulong.MaxValue : limit.Value;
}
