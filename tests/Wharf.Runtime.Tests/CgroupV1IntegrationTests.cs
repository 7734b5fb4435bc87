using Wharf.Oci.Runtime;
using Wharf.Runtime.Cgroups;

namespace Wharf.Runtime.Tests;

/// <summary>
/// cgroup v1 (legacy or hybrid host) on the real kernel, as root. Every test makes its own top-level cgroup,
/// kills what it started by PID, and removes the cgroup.
/// </summary>
public sealed class CgroupV1IntegrationTests : IDisposable
{
    private readonly CgroupTestScope? _scope =
        CgroupTestProcess.IsRoot && CgroupLayout.Detect().Mode != CgroupMode.Unified ? new CgroupTestScope(CgroupLayout.Detect()) : null;

    private CgroupManager Cgroup
    {
        get
        {
            Skip.If(_scope is null, "needs root on a host with cgroup v1 controllers");
            return _scope!.Cgroup;
        }
    }

    public void Dispose() => _scope?.Dispose();

    private static string UnifiedRoot => CgroupLayout.Detect().UnifiedMount!;

    private CgroupTestProcess StartInCgroup(string script) => _scope!.Start(script);

    private string File(string controller, string name) => System.IO.File.ReadAllText(Path.Combine(Cgroup.Paths[controller], name)).Trim();

    [SkippableFact]
    public void LimitsLandInTheControllerFilesAndUpdateChangesThem()
    {
        var cg = Cgroup;
        cg.Create();
        Assert.NotEqual(CgroupMode.Unified, cg.Mode);
        cg.Apply(new LinuxResources
        {
            Memory = new LinuxMemory { Limit = 64 << 20, Reservation = 32 << 20, Swap = 128 << 20, Swappiness = 10 },
            Cpu = new LinuxCpu { Shares = 512, Quota = 50_000, Period = 100_000, Cpus = "0", Mems = "0" },
            Pids = new LinuxPids { Limit = 50 },
        });
        Assert.Equal((64 << 20).ToString(), File("memory", "memory.limit_in_bytes"));
        Assert.Equal((32 << 20).ToString(), File("memory", "memory.soft_limit_in_bytes"));
        Assert.Equal((128 << 20).ToString(), File("memory", "memory.memsw.limit_in_bytes"));
        Assert.Equal("10", File("memory", "memory.swappiness"));
        Assert.Equal("512", File("cpu", "cpu.shares"));
        Assert.Equal("50000", File("cpu", "cpu.cfs_quota_us"));
        Assert.Equal("0", File("cpuset", "cpuset.cpus"));
        Assert.Equal("50", File("pids", "pids.max"));

        // Raising memory above the old memory+swap limit needs memsw written first; lowering needs the reverse.
        cg.Update(new LinuxResources { Memory = new LinuxMemory { Limit = 256 << 20, Swap = 512 << 20 }, Pids = new LinuxPids { Limit = 0 } });
        Assert.Equal((256 << 20).ToString(), File("memory", "memory.limit_in_bytes"));
        Assert.Equal((512 << 20).ToString(), File("memory", "memory.memsw.limit_in_bytes"));
        Assert.Equal("max", File("pids", "pids.max"));
        cg.Update(new LinuxResources { Memory = new LinuxMemory { Limit = 16 << 20, Swap = 16 << 20 }, Cpu = new LinuxCpu { Quota = -1 } });
        Assert.Equal((16 << 20).ToString(), File("memory", "memory.memsw.limit_in_bytes"));
        Assert.Equal("-1", File("cpu", "cpu.cfs_quota_us"));

        cg.Destroy();
        Assert.All(cg.Paths.Values, dir => Assert.False(Directory.Exists(dir), dir));
    }

    [SkippableFact]
    public void NestedCpusetsInheritCpusAndMems()
    {
        var nested = CgroupManager.Open(Cgroup.Path + "/inner");
        try
        {
            nested.Create();
            var parent = Path.GetDirectoryName(nested.Paths["cpuset"])!;
            Assert.Equal(System.IO.File.ReadAllText("/sys/fs/cgroup/cpuset/cpuset.cpus").Trim(), System.IO.File.ReadAllText(Path.Combine(parent, "cpuset.cpus")).Trim());
            Assert.NotEqual("", System.IO.File.ReadAllText(Path.Combine(nested.Paths["cpuset"], "cpuset.mems")).Trim());
            var p = _scope!.Start("sleep 30", nested);
            Assert.Contains(p.Pid, nested.Pids());
            nested.KillAll(9);
            p.WaitForExit(TimeSpan.FromSeconds(10));
        }
        finally
        {
            nested.Destroy();
        }
    }

    [SkippableFact]
    public void FreezeStopsCpuUseThawResumesItAndStatsSeeIt()
    {
        var cg = Cgroup;
        cg.Create();
        // v1 charges memory to the cgroup where it is allocated, so allocate some after joining.
        var busy = StartInCgroup("x=$(head -c 1000000 /dev/zero | tr '\\0' a); while :; do :; done");
        Assert.Contains(busy.Pid, cg.Pids());
        Thread.Sleep(300);

        cg.Freeze();
        Assert.True(cg.IsFrozen);
        Assert.Equal("FROZEN", File("freezer", "freezer.state"));
        var frozenAt = cg.Stats().Cpu.TotalNs;
        Thread.Sleep(300);
        Assert.Equal(frozenAt, cg.Stats().Cpu.TotalNs);

        cg.Thaw();
        Assert.False(cg.IsFrozen);
        Thread.Sleep(300);
        var stats = cg.Stats();
        Assert.True(stats.Cpu.TotalNs > frozenAt, "CPU time grows again after thaw");
        Assert.True(stats.Cpu.UserNs + stats.Cpu.SystemNs > 0);
        Assert.True(stats.Memory.Usage > 0);
        Assert.Equal(ulong.MaxValue, stats.Memory.Limit);
        Assert.Equal(1UL, stats.Pids.Current);
        Assert.NotEmpty(stats.Memory.Stat);

        cg.KillAll(9);
        var (code, _, _) = busy.WaitForExit(TimeSpan.FromSeconds(10));
        Assert.Equal(137, code);
        Assert.Empty(cg.Pids());
    }

    [SkippableFact]
    public void MemoryLimitOomKillsAnAllocatingProcess()
    {
        var cg = Cgroup;
        cg.Create();
        cg.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 32 << 20, Swap = 32 << 20 } });
        var hog = StartInCgroup("x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived ${#x}");
        var (_, stdout, _) = hog.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.DoesNotContain("survived", stdout);
        var stats = cg.Stats();
        Assert.True(stats.Memory.OomKills >= 1, $"oom_kill = {stats.Memory.OomKills}");
        Assert.True(stats.Memory.MaxUsage >= 30 << 20, $"max usage {stats.Memory.MaxUsage}");
        Assert.Equal(32UL << 20, stats.Memory.Limit);
    }

    [SkippableFact]
    public void PidsMaxStopsForks()
    {
        var cg = Cgroup;
        cg.Create();
        cg.Apply(new LinuxResources { Pids = new LinuxPids { Limit = 5 } });
        // busybox sh gives up at the first failed fork, leaving the four sleeps it managed to start.
        var forker = StartInCgroup("i=0; while [ $i -lt 20 ]; do sleep 30 >/dev/null 2>&1 & i=$((i+1)); done; echo spawned; wait");
        var (_, stdout, stderr) = forker.WaitForExit(TimeSpan.FromSeconds(10));
        Assert.Contains("can't fork", stderr);
        Assert.DoesNotContain("spawned", stdout);
        var stats = cg.Stats();
        Assert.Equal(4UL, stats.Pids.Current);
        Assert.Equal(5UL, stats.Pids.Limit);
        Assert.Equal(4, cg.Pids().Count);
        Assert.NotEqual("max 0", File("pids", "pids.events"));
        cg.KillAll(9);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (cg.Pids().Count > 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(10);
        Assert.Empty(cg.Pids());
    }

    [SkippableFact]
    public void KillAllDeliversTheGivenSignalToEveryProcess()
    {
        var cg = Cgroup;
        cg.Create();
        var a = StartInCgroup("sleep 30");
        var b = StartInCgroup("sleep 30");
        cg.KillAll(15);
        Assert.Equal(143, a.WaitForExit(TimeSpan.FromSeconds(10)).ExitCode);
        Assert.Equal(143, b.WaitForExit(TimeSpan.FromSeconds(10)).ExitCode);
        Assert.False(cg.IsFrozen);
    }

    [SkippableFact]
    public void DeviceRulesGoToDevicesAllowAndDeny()
    {
        var cg = Cgroup;
        cg.Create();
        cg.Apply(new LinuxResources
        {
            Devices =
            [
                new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 5, Minor = 0, Access = "rw" },
            ],
        });
        Assert.Equal(["c 1:3 rwm", "c 5:0 rw"], File("devices", "devices.list").Split('\n').Order());
    }

    [SkippableFact]
    public void BadValuesFailWithTheFileAndErrno()
    {
        var cg = Cgroup;
        cg.Create();
        var e = Assert.Throws<SyscallException>(() => cg.Apply(new LinuxResources { Cpu = new LinuxCpu { Cpus = "abc" } }));
        Assert.Equal(22, e.Errno);
        Assert.Contains("cpuset.cpus: EINVAL", e.Message);
        Assert.StartsWith("write /sys/fs/cgroup/cpuset/wharf-test-", e.Message);
        Assert.Throws<NotSupportedException>(() => cg.Apply(new LinuxResources { Unified = new() { ["memory.high"] = "1" } }));
        Assert.Null(cg.OpenV2DirectoryFd());
    }

    [SkippableFact]
    public void ASingleThreadedProcessJoinsByWritingZeroToTheSelfJoinFiles()
    {
        var cg = Cgroup;
        cg.Create();
        var files = cg.SelfJoinFiles;
        // One tasks file per mounted hierarchy (co-mounted controllers share one), plus cgroup.procs on cgroup2.
        var v1 = files.Where(f => f.EndsWith("/tasks", StringComparison.Ordinal)).ToList();
        Assert.Equal(cg.Paths.Where(p => p.Key != "").Select(p => p.Value).Distinct().Count(), v1.Count);
        Assert.Equal(cg.Mode == CgroupMode.Hybrid ? 1 : 0, files.Count(f => f.EndsWith("/cgroup.procs", StringComparison.Ordinal)));

        // busybox sh is single-threaded: its builtin echo moves the shell itself, and cat inherits the cgroups.
        using var shell = CgroupTestProcess.Start(string.Concat(files.Select(f => $"echo 0 > {f} || exit 3; ")) + "cat /proc/self/cgroup");
        shell.Release();
        var (exit, stdout, stderr) = shell.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, stderr);
        foreach (var controller in cg.Paths.Keys.Where(c => c != ""))
            Assert.Matches($@"(?m)^\d+:([a-z_,]+,)?{controller}(,[a-z_,]+)?:{cg.Path}$", stdout);
        if (cg.Mode == CgroupMode.Hybrid)
            Assert.Contains($"0::{cg.Path}\n", stdout);
    }

    [SkippableFact]
    public void CreateMakesMissingParentsAndDestroyRemovesChildCgroupsFirst()
    {
        var cg = Cgroup;
        var nested = CgroupManager.Open(cg.Path + "/a/b", CgroupLayout.Detect());
        nested.Create(); // neither the test's cgroup nor "a" exists yet
        Assert.All(nested.Paths.Values, dir => Assert.True(Directory.Exists(dir), dir));
        cg.Destroy(); // rmdir of the top answers EBUSY while "a" and "a/b" exist: they are removed first
        Assert.All(cg.Paths.Values, dir => Assert.False(Directory.Exists(dir), dir));
    }

    [SkippableFact]
    public void DestroyOfAMissingCgroupIsANoOp()
    {
        Cgroup.Destroy();
        Assert.Empty(Cgroup.Pids());
    }

    [SkippableFact]
    public void HybridHostsAlsoJoinTheCgroup2HierarchyAndTakeHugetlbFromIt()
    {
        var cg = Cgroup;
        Skip.IfNot(cg.Mode == CgroupMode.Hybrid, "not a hybrid host");
        cg.Create();
        var sleeper = StartInCgroup("sleep 30");
        Assert.Contains($"0::{cg.Path}\n", System.IO.File.ReadAllText($"/proc/{sleeper.Pid}/cgroup"));
        Assert.Contains($"memory:{cg.Path}\n", System.IO.File.ReadAllText($"/proc/{sleeper.Pid}/cgroup"));

        var hugetlbOnV1 = cg.Paths.ContainsKey("hugetlb");
        var hugetlbOnV2 = System.IO.File.ReadAllText(Path.Combine(UnifiedRoot, "cgroup.controllers")).Contains("hugetlb");
        Skip.IfNot(hugetlbOnV1 || hugetlbOnV2, "no hugetlb controller on this host");
        cg.Apply(new LinuxResources { HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 8 << 20 }] });
        var limit = hugetlbOnV1 ? File("hugetlb", "hugetlb.2MB.limit_in_bytes") : File("", "hugetlb.2MB.max");
        Assert.Equal((8 << 20).ToString(), limit);
    }

    [SkippableFact]
    public void BlockIoWeightGoesToWhicheverWeightFileTheSchedulerOffers()
    {
        var cg = Cgroup;
        cg.Create();
        var dir = cg.Paths["blkio"];
        var file = new[] { "blkio.weight", "blkio.bfq.weight" }.FirstOrDefault(f => System.IO.File.Exists(Path.Combine(dir, f)));
        if (file is null)
        {
            Assert.Throws<NotSupportedException>(() => cg.Apply(new LinuxResources { BlockIo = new LinuxBlockIo { Weight = 300 } }));
            return;
        }
        cg.Apply(new LinuxResources { BlockIo = new LinuxBlockIo { Weight = 300 } });
        Assert.Equal("300", File("blkio", file));
    }
}
