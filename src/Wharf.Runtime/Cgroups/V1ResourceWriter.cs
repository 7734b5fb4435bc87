using System.Globalization;
using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Cgroups;

/// <summary>Writes OCI <see cref="LinuxResources"/> into cgroup v1 controller files. Unset fields are left alone.</summary>
internal static class V1ResourceWriter
{
    public static void Apply(CgroupV1 cgroup, LinuxResources r, bool includeDevices)
    {
        if (r.Unified is { Count: > 0 })
            throw new NotSupportedException("linux.resources.unified needs cgroup v2; this host uses cgroup v1 controllers");
        if (includeDevices && r.Devices is { Count: > 0 })
            Devices(Need(cgroup, "devices"), r.Devices);
        if (r.Memory is { } memory)
            Memory(Need(cgroup, "memory"), memory);
        if (r.Cpu is { } cpu)
        {
            Cpu(cgroup, cpu);
            Cpuset(cgroup, cpu);
        }
        if (r.Pids is { } pids)
            CgroupFile.Write(Need(cgroup, "pids"), "pids.max", CgroupConversions.PidsMax(pids.Limit));
        if (r.BlockIo is { } blkio)
            BlockIo(Need(cgroup, "blkio"), blkio);
        if (r.HugepageLimits is { Count: > 0 } hugepages)
            Hugepages(cgroup, hugepages);
    }

    /// <summary>v1 hugetlb when mounted; otherwise the cgroup2 side of a hybrid host, enabling hugetlb there.</summary>
    private static void Hugepages(CgroupV1 cgroup, List<LinuxHugepageLimit> limits)
    {
        if (cgroup.Dir("hugetlb") is { } dir)
        {
            foreach (var h in limits)
                CgroupFile.Write(dir, $"hugetlb.{CgroupConversions.HugepageSize(h.PageSize)}.limit_in_bytes", Num(h.Limit));
            return;
        }
        if (cgroup.Unified is not { } unified || !unified.EnableController("hugetlb"))
            throw new NotSupportedException("the hugetlb cgroup controller is not available");
        foreach (var h in limits)
            CgroupFile.Write(unified.Dir, $"hugetlb.{CgroupConversions.HugepageSize(h.PageSize)}.max", Num(h.Limit));
    }

    private static string Need(CgroupV1 cgroup, string controller)
        => cgroup.Dir(controller) ?? throw new NotSupportedException($"the {controller} cgroup controller is not mounted");

    private static void Memory(string dir, LinuxMemory m)
    {
        // memory.limit_in_bytes may never exceed memory.memsw.limit_in_bytes, so the order of the two writes
        // depends on whether the new memory+swap limit lies above the current memory limit.
        if (m.Swap is { } swap)
        {
            var currentLimit = CgroupFile.TryReadNumber(dir, "memory.limit_in_bytes") ?? ulong.MaxValue;
            var swapFirst = swap < 0 || (ulong)swap >= currentLimit;
            if (swapFirst)
                CgroupFile.Write(dir, "memory.memsw.limit_in_bytes", Num(swap));
            if (m.Limit is { } limit)
                CgroupFile.Write(dir, "memory.limit_in_bytes", Num(limit));
            if (!swapFirst)
                CgroupFile.Write(dir, "memory.memsw.limit_in_bytes", Num(swap));
        }
        else if (m.Limit is { } limit)
        {
            CgroupFile.Write(dir, "memory.limit_in_bytes", Num(limit));
        }

        if (m.Reservation is { } reservation)
            CgroupFile.Write(dir, "memory.soft_limit_in_bytes", Num(reservation));
        if (m.KernelTcp is { } tcp)
            CgroupFile.Write(dir, "memory.kmem.tcp.limit_in_bytes", Num(tcp));
        // memory.kmem.limit_in_bytes (m.Kernel) is deprecated and ignored by current kernels; leave it alone.
        if (m.Swappiness is { } swappiness)
        {
            if (swappiness > 100)
                throw new ArgumentException($"invalid memory swappiness {swappiness}: must be between 0 and 100");
            CgroupFile.Write(dir, "memory.swappiness", Num(swappiness));
        }
        if (m.DisableOomKiller == true)
            CgroupFile.Write(dir, "memory.oom_control", "1");
    }

    private static void Cpu(CgroupV1 cgroup, LinuxCpu c)
    {
        var needsCpu = c.Shares is > 0 || c.Period is > 0 || c.Quota is not null || c.Burst is not null
                       || c.RealtimePeriod is > 0 || c.RealtimeRuntime is not null || c.Idle is not null;
        if (!needsCpu)
            return;
        var dir = Need(cgroup, "cpu");
        if (c.Shares is > 0 and var shares)
        {
            CgroupFile.Write(dir, "cpu.shares", Num(shares));
            // The kernel clamps shares; report a value it did not take as the error it is.
            var taken = CgroupFile.TryReadNumber(dir, "cpu.shares");
            if (taken != shares)
                throw new ArgumentException($"cpu.shares {shares} is out of range: the kernel set {taken}");
        }
        if (c.Period is > 0 and var period)
            CgroupFile.Write(dir, "cpu.cfs_period_us", Num(period));
        if (c.Quota is { } quota)
            CgroupFile.Write(dir, "cpu.cfs_quota_us", quota > 0 ? Num(quota) : "-1");
        if (c.Burst is { } burst)
            CgroupFile.Write(dir, "cpu.cfs_burst_us", Num(burst));
        // Realtime period before runtime: the runtime may not exceed the period.
        if (c.RealtimePeriod is > 0 and var rtPeriod)
            CgroupFile.Write(dir, "cpu.rt_period_us", Num(rtPeriod));
        if (c.RealtimeRuntime is { } rtRuntime)
            CgroupFile.Write(dir, "cpu.rt_runtime_us", Num(rtRuntime));
        if (c.Idle is { } idle)
            CgroupFile.Write(dir, "cpu.idle", Num(idle));
    }

    private static void Cpuset(CgroupV1 cgroup, LinuxCpu c)
    {
        if (!string.IsNullOrEmpty(c.Cpus))
            CgroupFile.Write(Need(cgroup, "cpuset"), "cpuset.cpus", c.Cpus);
        if (!string.IsNullOrEmpty(c.Mems))
            CgroupFile.Write(Need(cgroup, "cpuset"), "cpuset.mems", c.Mems);
    }

    private static void BlockIo(string dir, LinuxBlockIo b)
    {
        if (b.Weight is > 0 and var weight)
        {
            // CFQ exposes blkio.weight; with BFQ the same knob is blkio.bfq.weight.
            var file = CgroupFile.Exists(dir, "blkio.weight") ? "blkio.weight"
                : CgroupFile.Exists(dir, "blkio.bfq.weight") ? "blkio.bfq.weight"
                : throw new NotSupportedException("this kernel's blkio controller has no weight (no CFQ or BFQ scheduler)");
            CgroupFile.Write(dir, file, Num(weight));
        }
        if (b.LeafWeight is > 0 and var leaf)
            CgroupFile.Write(dir, "blkio.leaf_weight", Num(leaf));
    }

    /// <summary>Rules in order, each "TYPE MAJOR:MINOR ACCESS" into devices.allow or devices.deny.</summary>
    private static void Devices(string dir, IEnumerable<LinuxDeviceCgroup> rules)
    {
        using var files = new CgroupFileWriter(dir);
        foreach (var rule in rules)
            files.Write(rule.Allow ? "devices.allow" : "devices.deny", DeviceRule.Format(rule));
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Num(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
