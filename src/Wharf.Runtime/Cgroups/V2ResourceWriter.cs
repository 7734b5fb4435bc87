using System.Globalization;
using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Cgroups;

/// <summary>
/// Writes OCI <see cref="LinuxResources"/> (expressed in v1 terms) into cgroup v2 files, converting values where
/// the two versions differ. Unset fields are left alone.
/// </summary>
internal static class V2ResourceWriter
{
    public static void Apply(CgroupV2 cgroup, LinuxResources r, bool includeDevices)
    {
        var dir = cgroup.Dir;
        if (includeDevices && r.Devices is { Count: > 0 } devices)
            V2DeviceFilter.Attach(dir, devices);
        if (r.Memory is { } memory)
            Memory(dir, memory);
        if (r.Cpu is { } cpu)
            Cpu(dir, cpu);
        if (r.Pids is { } pids)
            CgroupFile.Write(dir, "pids.max", CgroupConversions.PidsMax(pids.Limit));
        if (r.BlockIo is { Weight: > 0 } blkio)
            IoWeight(dir, blkio.Weight!.Value);
        foreach (var h in r.HugepageLimits ?? [])
            CgroupFile.Write(dir, $"hugetlb.{CgroupConversions.HugepageSize(h.PageSize)}.max", Num(h.Limit));
        foreach (var (key, value) in r.Unified ?? [])
            Unified(dir, key, value);
    }

    private static void Memory(string dir, LinuxMemory m)
    {
        // Swap first: memory.swap.max is independent of memory.max on v2, but the conversion needs both values.
        if (CgroupConversions.SwapToV2(m.Swap, m.Limit) is { } swap)
        {
            // Without swap accounting there is no memory.swap.max; "unlimited" then needs no file.
            if (swap >= 0 || CgroupFile.Exists(dir, "memory.swap.max"))
                CgroupFile.Write(dir, "memory.swap.max", CgroupConversions.V2Limit(swap));
        }
        if (m.Limit is { } limit && limit != 0)
            CgroupFile.Write(dir, "memory.max", CgroupConversions.V2Limit(limit));
        if (m.Reservation is { } reservation && reservation != 0)
            CgroupFile.Write(dir, "memory.low", CgroupConversions.V2Limit(reservation));
        // v2 has no swappiness or OOM-killer switch per cgroup; like runc, these v1-only knobs are ignored here.
    }

    private static void Cpu(string dir, LinuxCpu c)
    {
        if (c.Shares is > 0 and var shares)
            CgroupFile.Write(dir, "cpu.weight", Num(CgroupConversions.SharesToWeight(shares)));
        if (c.Quota is not null || c.Period is > 0)
        {
            // Keep the half of cpu.max the caller did not give (docker update --cpu-period alone).
            var current = (CgroupFile.TryRead(dir, "cpu.max") ?? "max 100000").Split(' ');
            var quota = c.Quota ?? (current[0] == "max" ? -1 : long.Parse(current[0], CultureInfo.InvariantCulture));
            var period = c.Period is > 0 ? c.Period : ulong.Parse(current[1], CultureInfo.InvariantCulture);
            CgroupFile.Write(dir, "cpu.max", CgroupConversions.CpuMax(quota, period));
        }
        if (c.Burst is { } burst)
            CgroupFile.Write(dir, "cpu.max.burst", Num(burst));
        if (c.Idle is { } idle)
            CgroupFile.Write(dir, "cpu.idle", idle.ToString(CultureInfo.InvariantCulture));
        if (c.RealtimeRuntime is not null || c.RealtimePeriod is not null)
            throw new NotSupportedException("realtime CPU limits (cpu.rt_*) are not available on cgroup v2");
        if (!string.IsNullOrEmpty(c.Cpus))
            CgroupFile.Write(dir, "cpuset.cpus", c.Cpus);
        if (!string.IsNullOrEmpty(c.Mems))
            CgroupFile.Write(dir, "cpuset.mems", c.Mems);
    }

    /// <summary>BFQ takes the v1 scale directly in io.bfq.weight; otherwise io.weight needs converting.</summary>
    private static void IoWeight(string dir, ushort weight)
    {
        if (CgroupFile.Exists(dir, "io.bfq.weight"))
            CgroupFile.Write(dir, "io.bfq.weight", Num(weight));
        else
            CgroupFile.Write(dir, "io.weight", "default " + Num(CgroupConversions.BlkioWeightToIoWeight(weight)));
    }

    /// <summary>A raw "unified" entry: a file name in this cgroup, never a path out of it.</summary>
    private static void Unified(string dir, string key, string value)
    {
        if (key.Contains('/') || key.StartsWith('.') || !key.Contains('.'))
            throw new ArgumentException($"linux.resources.unified: invalid key \"{key}\"");
        if (!CgroupFile.Exists(dir, key))
        {
            var controller = key[..key.IndexOf('.')];
            throw new NotSupportedException(
                $"linux.resources.unified: {key} does not exist in {dir} (is the {controller} controller enabled?)");
        }
        CgroupFile.Write(dir, key, value);
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Num(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
