namespace Wharf.Runtime.Cgroups;

/// <summary>What <c>docker stats</c> and the stats endpoint need from a container's cgroup.</summary>
public sealed record CgroupStats(MemoryStats Memory, CpuStats Cpu, PidsStats Pids, BlkioStats Blkio);

/// <summary>Bytes; <see cref="ulong.MaxValue"/> stands for "no limit".</summary>
public sealed record MemoryStats(
    ulong Usage,
    ulong Limit,
    ulong MaxUsage,
    ulong OomKills,
    ulong Cache,
    ulong SwapUsage,
    IReadOnlyDictionary<string, ulong> Stat);

/// <summary>CPU time in nanoseconds and CFS throttling counters.</summary>
public sealed record CpuStats(
    ulong TotalNs,
    ulong UserNs,
    ulong SystemNs,
    IReadOnlyList<ulong> PerCpuNs,
    ulong Periods,
    ulong ThrottledPeriods,
    ulong ThrottledNs);

/// <summary><see cref="Limit"/> is <see cref="ulong.MaxValue"/> when unlimited.</summary>
public sealed record PidsStats(ulong Current, ulong Limit);

/// <summary>Bytes read and written through the block layer, summed over devices.</summary>
public sealed record BlkioStats(ulong ReadBytes, ulong WriteBytes, IReadOnlyList<BlkioDeviceStats> Devices);

public sealed record BlkioDeviceStats(ulong Major, ulong Minor, ulong ReadBytes, ulong WriteBytes);
