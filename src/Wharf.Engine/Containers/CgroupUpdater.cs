using Wharf.Api.Models;

namespace Wharf.Engine.Containers;

/// <summary>Applies <c>docker update</c> limits straight to a running container's cgroup (cgroupfs v1 hierarchy or
/// the unified v2 one) for runtimes without an <c>update</c> command, such as wharf-runtime.</summary>
public static class CgroupUpdater
{
    private const string Root = "/sys/fs/cgroup";

    public static void Apply(string containerId, ContainerUpdateRequest u)
    {
        string group = $"wharf/{containerId}";
        bool v1 = Directory.Exists(Path.Combine(Root, "memory", group));
        if (v1)
        {
            string mem = Path.Combine(Root, "memory", group);
            if (u.Memory > 0)
            {
                long swap = u.MemorySwap != 0 ? u.MemorySwap : u.Memory * 2;
                // memsw must stay ≥ memory at every step: raise whichever limit has to move first.
                if (!TryWrite(Path.Combine(mem, "memory.limit_in_bytes"), u.Memory))
                {
                    Write(Path.Combine(mem, "memory.memsw.limit_in_bytes"), swap);
                    Write(Path.Combine(mem, "memory.limit_in_bytes"), u.Memory);
                }
                else TryWrite(Path.Combine(mem, "memory.memsw.limit_in_bytes"), swap);
            }
            if (u.NanoCpus > 0)
            {
                Write(Path.Combine(Root, "cpu", group, "cpu.cfs_period_us"), 100_000);
                Write(Path.Combine(Root, "cpu", group, "cpu.cfs_quota_us"), u.NanoCpus * 100_000 / 1_000_000_000);
            }
            if (u.CpuShares > 0) Write(Path.Combine(Root, "cpu", group, "cpu.shares"), u.CpuShares);
            if (u.PidsLimit is { } p && p != 0) File.WriteAllText(Path.Combine(Root, "pids", group, "pids.max"), p < 0 ? "max" : p.ToString());
            return;
        }
        string unified = Path.Combine(Root, group);
        if (!Directory.Exists(unified)) throw new DirectoryNotFoundException($"no cgroup for container {containerId} under {Root}");
        if (u.Memory > 0) Write(Path.Combine(unified, "memory.max"), u.Memory);
        if (u.NanoCpus > 0) File.WriteAllText(Path.Combine(unified, "cpu.max"), $"{u.NanoCpus * 100_000 / 1_000_000_000} 100000");
        if (u.PidsLimit is { } q && q != 0) File.WriteAllText(Path.Combine(unified, "pids.max"), q < 0 ? "max" : q.ToString());
    }

    private static void Write(string file, long value) => File.WriteAllText(file, value.ToString());

    private static bool TryWrite(string file, long value)
    {
        try { Write(file, value); return true; }
        catch (IOException) { return false; }
    }
}
