namespace Wharf.Runtime.Cgroups;

/// <summary>Reads <see cref="CgroupStats"/> from a cgroup v2 directory.</summary>
internal static class V2StatsReader
{
    public static CgroupStats Read(string dir)
    {
        var stat = CgroupFile.ReadKeyValues(dir, "memory.stat");
        var events = CgroupFile.ReadKeyValues(dir, "memory.events");
        var memory = new MemoryStats(
            Usage: CgroupFile.TryReadNumber(dir, "memory.current") ?? 0,
            Limit: CgroupFile.TryReadNumber(dir, "memory.max") ?? ulong.MaxValue,
            MaxUsage: CgroupFile.TryReadNumber(dir, "memory.peak") ?? 0,
            OomKills: events.GetValueOrDefault("oom_kill"),
            Cache: stat.GetValueOrDefault("file"),
            SwapUsage: CgroupFile.TryReadNumber(dir, "memory.swap.current") ?? 0,
            Stat: stat);

        // cpu.stat is present even without the cpu controller (usage only); times are in microseconds.
        var cpuStat = CgroupFile.ReadKeyValues(dir, "cpu.stat");
        var cpu = new CpuStats(
            TotalNs: cpuStat.GetValueOrDefault("usage_usec") * 1000,
            UserNs: cpuStat.GetValueOrDefault("user_usec") * 1000,
            SystemNs: cpuStat.GetValueOrDefault("system_usec") * 1000,
            PerCpuNs: [],
            Periods: cpuStat.GetValueOrDefault("nr_periods"),
            ThrottledPeriods: cpuStat.GetValueOrDefault("nr_throttled"),
            ThrottledNs: cpuStat.GetValueOrDefault("throttled_usec") * 1000);

        var pids = new PidsStats(CgroupFile.TryReadNumber(dir, "pids.current") ?? (ulong)CgroupFile.ReadPids(dir).Count,
            CgroupFile.TryReadNumber(dir, "pids.max") ?? ulong.MaxValue);

        return new CgroupStats(memory, cpu, pids, IoStat(dir));
    }

    /// <summary>io.stat: "MAJ:MIN rbytes=N wbytes=N rios=N …" per device.</summary>
    private static BlkioStats IoStat(string dir)
    {
        var devices = new List<BlkioDeviceStats>();
        foreach (var line in (CgroupFile.TryRead(dir, "io.stat") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var numbers = fields[0].Split(':');
            if (numbers.Length != 2 || !ulong.TryParse(numbers[0], out var major) || !ulong.TryParse(numbers[1], out var minor))
                continue;
            ulong read = 0, write = 0;
            foreach (var field in fields.Skip(1))
            {
                var kv = field.Split('=');
                if (kv.Length == 2 && ulong.TryParse(kv[1], out var v))
                {
                    if (kv[0] == "rbytes") read = v;
                    else if (kv[0] == "wbytes") write = v;
                }
            }
            devices.Add(new BlkioDeviceStats(major, minor, read, write));
        }
        return new BlkioStats((ulong)devices.Sum(d => (decimal)d.ReadBytes), (ulong)devices.Sum(d => (decimal)d.WriteBytes), devices);
    }
}
