using Wharf.Oci.Runtime;
using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>linux.resources take effect before the program runs: memory (OOM kill) and pids (fork refusal).</summary>
public sealed class ResourceLimitTests
{
    [SkippableFact]
    public void MemoryLimitOomKillsTheContainer()
    {
        Requires.RootAndBinary();
        // A 64 MiB shell variable in a 16 MiB cgroup without swap: the OOM killer sends SIGKILL.
        using var bundle = new BusyboxBundle("sh", "-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo survived ${#x}");
        bundle.Spec.Linux!.Resources!.Memory = new LinuxMemory { Limit = 16 << 20, Swap = 16 << 20 };
        using var cli = new RuntimeCli();
        var id = RuntimeCli.NewId("oom");
        var r = cli.Run("run", id, "--bundle", bundle.Write());
        Assert.Equal(137, r.ExitCode);
        Assert.DoesNotContain("survived", r.Stdout);
    }

    [SkippableFact]
    public void PidsLimitRefusesAForkBomb()
    {
        Requires.RootAndBinary();
        // A bounded bomb: 40 background sleeps against pids.max = 8, watched from the host.
        using var bundle = new BusyboxBundle("sh", "-c", "for i in $(seq 1 40); do sleep 2 & done; wait; echo waited");
        bundle.Spec.Linux!.Resources!.Pids = new LinuxPids { Limit = 8 };
        using var cli = new RuntimeCli();
        var id = RuntimeCli.NewId("pids");
        var (run, collect) = cli.Start("run", id, "--bundle", bundle.Write());
        var most = 0;
        using (run)
        {
            while (!run.WaitForExit(20))
                if (cli.Run("ps", "--format", "json", id) is { ExitCode: 0 } ps)
                    most = Math.Max(most, System.Text.Json.JsonSerializer.Deserialize<int[]>(ps.Stdout)!.Length);
            var r = collect();
            Assert.Contains("can't fork", r.Stderr); // busybox sh gives up the script (exit 2) when fork fails
            Assert.Equal(2, r.ExitCode);
        }
        Assert.InRange(most, 2, 8);
    }

    [SkippableFact]
    public void DeniedSyscallFailsWithEperm()
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
        using var cli = new RuntimeCli();
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
