using Wharf.Oci.Runtime;
using Wharf.Runtime.Cgroups;

namespace Wharf.Runtime.Tests;

/// <summary>
/// The cgroup v2 code path on the real kernel: on a unified host at /sys/fs/cgroup, on a hybrid host at the
/// (mostly controller-less) /sys/fs/cgroup/unified, where process membership, freezing, cgroup.kill and
/// cpu.stat all work. Each test restores the root's subtree_control and removes its cgroup.
/// </summary>
public sealed class CgroupV2IntegrationTests : IDisposable
{
    private readonly CgroupTestScope? _scope;

    public CgroupV2IntegrationTests()
    {
        var host = CgroupLayout.Detect();
        if (!CgroupTestProcess.IsRoot || host.UnifiedMount is null)
            return;
        _scope = new CgroupTestScope(host.Mode == CgroupMode.Unified ? host : CgroupLayout.UnifiedAt(host.UnifiedMount));
    }

    private CgroupManager Cgroup
    {
        get
        {
            Skip.If(_scope is null, "needs root and a cgroup2 mount");
            return _scope!.Cgroup;
        }
    }

    private string Dir => Cgroup.Paths[""];

    public void Dispose() => _scope?.Dispose();

    private CgroupTestProcess StartInCgroup(string script) => _scope!.Start(script);

    private string Read(string name) => File.ReadAllText(Path.Combine(Dir, name)).Trim();

    [SkippableFact]
    public void ProcessesFreezeThawAndDieByCgroupKill()
    {
        var cg = Cgroup;
        cg.Create();
        Assert.Equal(CgroupMode.Unified, cg.Mode);
        using (var fd = cg.OpenV2DirectoryFd())
        {
            Assert.NotNull(fd);
            Assert.False(fd.IsInvalid);
        }

        var busy = StartInCgroup("while :; do :; done");
        Assert.Equal([busy.Pid], cg.Pids());
        Assert.Contains($"0::{cg.Path}", File.ReadAllText($"/proc/{busy.Pid}/cgroup"));
        Thread.Sleep(200);

        cg.Freeze();
        Assert.True(cg.IsFrozen);
        Assert.Contains("frozen 1", Read("cgroup.events"));
        var frozenAt = cg.Stats().Cpu.TotalNs;
        Thread.Sleep(300);
        Assert.Equal(frozenAt, cg.Stats().Cpu.TotalNs);

        cg.Thaw();
        Assert.False(cg.IsFrozen);
        Thread.Sleep(300);
        var stats = cg.Stats();
        Assert.True(stats.Cpu.TotalNs > frozenAt);
        Assert.True(stats.Cpu.UserNs > 0);

        cg.KillAll(9);
        Assert.Equal(137, busy.WaitForExit(TimeSpan.FromSeconds(10)).ExitCode);
        cg.Destroy();
        Assert.False(Directory.Exists(Dir));
    }

    [SkippableFact]
    public void OtherSignalsGoToEveryProcessWhileFrozen()
    {
        var cg = Cgroup;
        cg.Create();
        var a = StartInCgroup("sleep 30");
        var b = StartInCgroup("sleep 30");
        cg.KillAll(15);
        Assert.Equal(143, a.WaitForExit(TimeSpan.FromSeconds(10)).ExitCode);
        Assert.Equal(143, b.WaitForExit(TimeSpan.FromSeconds(10)).ExitCode);
        Assert.Equal("0", Read("cgroup.freeze"));
    }

    [SkippableFact]
    public void UnifiedKeysAreWrittenAndCheckedAsFileNames()
    {
        var cg = Cgroup;
        cg.Create();
        cg.Apply(new LinuxResources { Unified = new() { ["cgroup.max.descendants"] = "2" } });
        Assert.Equal("2", Read("cgroup.max.descendants"));
        Assert.Throws<ArgumentException>(() => cg.Apply(new LinuxResources { Unified = new() { ["../cgroup.procs"] = "1" } }));
        Assert.Throws<ArgumentException>(() => cg.Apply(new LinuxResources { Unified = new() { ["procs"] = "1" } }));
        if (!File.Exists(Path.Combine(Dir, "memory.high")))
        {
            var e = Assert.Throws<NotSupportedException>(() => cg.Apply(new LinuxResources { Unified = new() { ["memory.high"] = "1M" } }));
            Assert.Contains("memory controller", e.Message);
        }
    }

    [SkippableFact]
    public void HugetlbLimitsUseTheV2FileNames()
    {
        var cg = Cgroup;
        cg.Create();
        Skip.IfNot(File.Exists(Path.Combine(Dir, "hugetlb.2MB.max")), "no hugetlb controller on the cgroup2 hierarchy");
        cg.Apply(new LinuxResources { HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 4 << 20 }] });
        Assert.Equal((4 << 20).ToString(), Read("hugetlb.2MB.max"));
    }

    [SkippableFact]
    public void MissingControllersAreReportedWithTheFileAndErrno()
    {
        var cg = Cgroup;
        cg.Create();
        Skip.If(File.Exists(Path.Combine(Dir, "pids.max")), "the pids controller is enabled here");
        var e = Assert.Throws<SyscallException>(() => cg.Apply(new LinuxResources { Pids = new LinuxPids { Limit = 10 } }));
        Assert.Equal($"open {Dir}/pids.max: ENOENT (No such file or directory)", e.Message);
    }

    [SkippableFact]
    public void DeviceRulesBecomeAnAttachedBpfProgram()
    {
        var cg = Cgroup;
        cg.Create();
        cg.Apply(new LinuxResources
        {
            Devices =
            [
                new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 5, Access = "r" },
            ],
        });
        var probe = StartInCgroup(
            "head -c 1 /dev/zero >/dev/null && echo zero-read; " +
            "echo x >/dev/null && echo null-write; " +
            "echo x >/dev/zero && echo zero-write; " +
            "head -c 1 /dev/urandom >/dev/null && echo urandom-read; true");
        var (_, stdout, stderr) = probe.WaitForExit(TimeSpan.FromSeconds(10));
        Assert.Equal(["zero-read", "null-write"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Operation not permitted", stderr);

        // A process outside the cgroup is not affected.
        using var outside = CgroupTestProcess.Start("head -c 1 /dev/urandom >/dev/null && echo urandom-read");
        outside.Release();
        Assert.Contains("urandom-read", outside.WaitForExit(TimeSpan.FromSeconds(10)).Stdout);
    }
}
