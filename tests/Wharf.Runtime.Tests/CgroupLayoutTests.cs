using Wharf.Runtime.Cgroups;

namespace Wharf.Runtime.Tests;

public class CgroupLayoutTests
{
    private const string Hybrid = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpuacct,cpu
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate
        50 23 0:40 / /proc rw - proc proc rw
        """;

    [Fact]
    public void HybridHostsUseTheV1Controllers()
    {
        var layout = CgroupLayout.Parse(Hybrid);
        Assert.Equal(CgroupMode.Hybrid, layout.Mode);
        Assert.Equal("/sys/fs/cgroup/unified", layout.UnifiedMount);
        Assert.Equal("/sys/fs/cgroup/cpu", layout.V1Mounts["cpu"]);     // first mount wins
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", layout.V1Mounts["cpuacct"]);
        Assert.Equal("/sys/fs/cgroup/memory", layout.V1Mounts["memory"]);
        Assert.Equal("/sys/fs/cgroup/systemd", layout.V1Mounts["name=systemd"]);
        Assert.False(layout.V1Mounts.ContainsKey("xattr"));
    }

    [Fact]
    public void UnifiedHostsHaveOnlyCgroup2()
    {
        var layout = CgroupLayout.Parse("29 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n");
        Assert.Equal(CgroupMode.Unified, layout.Mode);
        Assert.Equal("/sys/fs/cgroup", layout.UnifiedMount);
        Assert.Empty(layout.V1Mounts);
    }

    [Fact]
    public void LegacyHostsHaveNoCgroup2()
    {
        var layout = CgroupLayout.Parse("35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");
        Assert.Equal(CgroupMode.Legacy, layout.Mode);
        Assert.Null(layout.UnifiedMount);
    }

    [Fact]
    public void NoCgroupMountIsAnError()
        => Assert.Throws<InvalidOperationException>(() => CgroupLayout.Parse("50 23 0:40 / /proc rw - proc proc rw\n"));

    [Fact]
    public void EscapedMountPointsAreDecoded()
    {
        var layout = CgroupLayout.Parse("29 23 0:26 / /mnt/my\\040cgroup rw - cgroup2 cgroup2 rw\n", cgroupRoot: "/mnt/my cgroup");
        Assert.Equal("/mnt/my cgroup", layout.UnifiedMount);
    }

    [Fact]
    public void ThisHostIsDetected()
    {
        var layout = CgroupLayout.Detect();
        var fsType = File.ReadAllLines("/proc/self/mountinfo")
            .Where(l => l.Split(' ')[4] == "/sys/fs/cgroup").Select(l => l[(l.IndexOf(" - ") + 3)..].Split(' ')[0]).LastOrDefault();
        Assert.Equal(fsType == "cgroup2", layout.Mode == CgroupMode.Unified);
    }
}
