using Wharf.Oci.Runtime;
using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>linux.resources take effect before the program runs: memory (OOM kill) and pids (fork refusal).</summary>
public sealed class ResourceLimitTests
{
    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void MemoryLimitOomKillsTheContainer(string spawn)
    {
        Requires.RootAndBinary();
        // A 64 MiB shell variable in a 16 MiB cgroup without swap: the OOM killer sends SIGKILL.
        using var bundle = new BusyboxBundle("sh", "-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo survived ${#x}");
        bundle.Spec.Linux!.Resources!.Memory = new LinuxMemory { Limit = 16 << 20, Swap = 16 << 20 };
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("oom");
        var r = cli.Run("run", id, "--bundle", bundle.Write());
        Assert.Equal(137, r.ExitCode);
        Assert.DoesNotContain("survived", r.Stdout);
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void PidsLimitRefusesAForkBomb(string spawn)
    {
        Requires.RootAndBinary();
        // A bounded bomb: a subshell tries 40 background sleeps against pids.max = 8 (it gives up at the first
        // refused fork); the container stays up so the host can count its processes and the refusals.
        using var bundle = new BusyboxBundle("sh", "-c", "(for i in $(seq 1 40); do sleep 30 & done); sleep 30");
        bundle.Spec.Linux!.Resources!.Pids = new LinuxPids { Limit = 8 };
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("pids");
        cli.Ok("run", "-d", id, "--bundle", bundle.Write());
        var events = Path.Combine("/sys/fs/cgroup/pids/wharf", id, "pids.events");
        Skip.IfNot(File.Exists(events), "needs the cgroup v1 pids controller at /sys/fs/cgroup/pids");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (File.ReadAllText(events).Trim() == "max 0" && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Thread.Sleep(200);
        var pids = System.Text.Json.JsonSerializer.Deserialize<int[]>(cli.Ok("ps", "--format", "json", id).Stdout)!;
        Assert.InRange(pids.Length, 2, 8);
        Assert.NotEqual("max 0", File.ReadAllText(events).Trim());
        Assert.Equal("8", File.ReadAllText(Path.Combine("/sys/fs/cgroup/pids/wharf", id, "pids.max")).Trim());
        cli.Ok("delete", "--force", id);
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void DeniedSyscallFailsWithEperm(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sh", "-c", "mkdir /tmp/a 2>&1; echo mkdir=$?; touch /tmp/b && echo touch-ok");
        bundle.Spec.Root!.Readonly = false;
        bundle.Spec.Linux!.Seccomp = new LinuxSeccomp
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Architectures = ["SCMP_ARCH_X86_64"],
            Syscalls = [new LinuxSyscall { Names = ["mkdir", "mkdirat"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 1 }],
        };
        using var cli = new RuntimeCli(spawn: spawn);
        var r = cli.Run("run", RuntimeCli.NewId("scmp"), "--bundle", bundle.Write());
        Assert.Contains("Operation not permitted", r.Stdout);
        Assert.Contains("mkdir=1", r.Stdout);
        Assert.Contains("touch-ok", r.Stdout);
    }

    [SkippableFact]
    public void DockerDefaultSeccompProfileDeniesUnshare()
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sh", "-c", "unshare -m true 2>&1; echo rc=$?; echo alive");
        bundle.Spec.Linux!.Seccomp = Wharf.Runtime.Seccomp.DockerDefaultProfile.Create();
        using var cli = new RuntimeCli();
        var r = cli.Run("run", RuntimeCli.NewId("dflt"), "--bundle", bundle.Write());
        Assert.Contains("Operation not permitted", r.Stdout);
        Assert.Contains("alive", r.Stdout);
    }
}
