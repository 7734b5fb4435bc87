using System.Globalization;

namespace Wharf.Runtime.Cgroups;

/// <summary>
/// Value translations between Docker/OCI resource settings and cgroup file contents: the cgroup v1 knobs
/// the OCI spec speaks in, mapped onto their cgroup v2 counterparts.
/// </summary>
public static class CgroupConversions
{
    public const ulong DefaultCpuPeriod = 100_000;

    /// <summary>
    /// cpu.shares [2, 262144] → cpu.weight [1, 10000], linearly, so the default 1024 shares lands on 39;
    /// 0 means "not set".
    /// </summary>
    public static ulong SharesToWeight(ulong shares)
    {
        if (shares == 0)
            return 0;
        var clamped = Math.Clamp(shares, 2UL, 262_144UL);
        return 1 + (clamped - 2) * 9_999 / 262_142;
    }

    /// <summary>blkio.weight [10, 1000] → io.weight [1, 10000] linearly; 0 means "not set".</summary>
    public static ulong BlkioWeightToIoWeight(ulong weight)
    {
        if (weight == 0)
            return 0;
        var clamped = Math.Clamp(weight, 10UL, 1_000UL);
        return 1 + (clamped - 10) * 9_999 / 990;
    }

    /// <summary>
    /// Docker's <c>--cpus=1.5</c> → CFS quota for the given period (150000 µs per 100000 µs).
    /// </summary>
    public static long CpusToQuota(double cpus, ulong period = DefaultCpuPeriod)
    {
        if (double.IsNaN(cpus) || cpus < 0)
            throw new ArgumentOutOfRangeException(nameof(cpus), cpus, "cpus must be a non-negative number");
        if (cpus == 0)
            return -1;
        var quota = (long)Math.Round(cpus * period);
        // The kernel refuses quotas under 1 ms.
        return Math.Max(quota, 1_000);
    }

    /// <summary>Docker's NanoCpus (1e9 = one CPU) → quota for the given period.</summary>
    public static long NanoCpusToQuota(long nanoCpus, ulong period = DefaultCpuPeriod)
        => nanoCpus <= 0 ? -1 : Math.Max(nanoCpus * (long)period / 1_000_000_000, 1_000);

    /// <summary>cpu.max content: "QUOTA PERIOD", with "max" for no quota.</summary>
    public static string CpuMax(long? quota, ulong? period)
    {
        var q = quota is > 0 ? quota.Value.ToString(CultureInfo.InvariantCulture) : "max";
        return $"{q} {period ?? DefaultCpuPeriod}";
    }

    /// <summary>pids.max content: a limit of 0 or less means unlimited, as in runc.</summary>
    public static string PidsMax(long limit) => limit > 0 ? limit.ToString(CultureInfo.InvariantCulture) : "max";

    /// <summary>A byte limit where -1 means unlimited ("max" on v2).</summary>
    public static string V2Limit(long value) => value < 0 ? "max" : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// OCI <c>memory.swap</c> is memory+swap (the v1 memsw meaning); v2's memory.swap.max is swap alone.
    /// Returns null when nothing should be written, -1 for "max".
    /// </summary>
    public static long? SwapToV2(long? memorySwap, long? memory)
    {
        var swap = memorySwap ?? 0;
        var mem = memory ?? 0;
        // Unlimited memory with no explicit swap: make swap unlimited too, like v1 behaves.
        if (mem == -1 && swap == 0)
            return -1;
        if (swap == -1)
            return -1;
        if (swap == 0)
            return null;
        if (mem is 0 or -1)
            throw new ArgumentException("unable to set swap limit without memory limit");
        if (mem < 0)
            throw new ArgumentException($"invalid memory value: {mem}");
        if (swap < mem)
            throw new ArgumentException("memory+swap limit should be >= memory limit");
        return swap - mem;
    }

    /// <summary>A hugepage size as the kernel names it in file names: "2MB", "1GB", "64KB".</summary>
    public static string HugepageSize(string pageSize)
    {
        var s = pageSize.Trim();
        if (s.Length < 3 || !char.IsDigit(s[0]) || !(s.EndsWith("KB") || s.EndsWith("MB") || s.EndsWith("GB")))
            throw new ArgumentException($"invalid hugepage size \"{pageSize}\" (want e.g. 2MB or 1GB)");
        return s;
    }
}
