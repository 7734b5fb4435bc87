using System.Diagnostics;
using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>docker run in its main shapes, through the real docker CLI.</summary>
public sealed class RunTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private WharfDaemon D => fixture.Daemon;

    [SkippableFact]
    public void RunPrintsOutputAndRemovesTheContainer()
    {
        var r = D.Docker("run", "--rm", "--name", "echoer", "busybox", "echo", "hello from wharf");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("hello from wharf\n", r.Stdout);
        Assert.DoesNotContain("echoer", D.Docker("ps", "-a", "--format", "{{.Names}}").Stdout);
    }

    /// <summary>run --rm returns once the container is gone from the API; its unmount and deletes follow after the
    /// reply, and must still leave nothing behind, also when the bundle goes while the shim is finishing (it then
    /// still deletes the runtime state and cgroups). A few runs, since which of them comes first varies.</summary>
    [SkippableFact]
    public void RunRmLeavesNoMountSnapshotBundleOrRuntimeStateBehind()
    {
        for (int i = 0; i < 5; i++)
        {
            string cidFile = Path.Combine(D.Root, "rm-" + Guid.NewGuid().ToString("N") + ".cid");
            var r = D.Docker("run", "--rm", "--cidfile", cidFile, "busybox", "sh", "-c", "echo x > /written");
            Assert.True(r.ExitCode == 0, r.ToString());
            string id = File.ReadAllText(cidFile).Trim();
            Assert.Equal(64, id.Length);
            Assert.Contains("No such object", D.Docker("inspect", id).Stderr);

            string rootfs = Path.Combine(D.ExecRoot, "containers", id, "rootfs");
            string ingest = Path.Combine(D.DataRoot, "snapshots", "ingest");
            string? Left() =>
                File.ReadAllText("/proc/self/mountinfo").Contains(rootfs, StringComparison.Ordinal) ? "the rootfs mount"
                : Directory.Exists(Path.Combine(D.DataRoot, "snapshots", "active", id)) ? "the snapshot"
                : Directory.Exists(ingest) && Directory.EnumerateDirectories(ingest, "rm-*").Any() ? "the retired snapshot"
                : Directory.Exists(Path.Combine(D.ExecRoot, "containers", id)) ? "the bundle"
                : Directory.Exists(Path.Combine(D.DataRoot, "containers", id)) ? "the data directory"
                : Directory.Exists(Path.Combine(D.ExecRoot, "runtime", id)) ? "the runtime state"
                : Directory.Exists(Path.Combine("/sys/fs/cgroup/unified/wharf", id)) ? "the cgroup"
                : null;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Left() is not null && DateTime.UtcNow < deadline) Thread.Sleep(50);
            Assert.True(Left() is null, $"{Left()} of removed container {id} is still there");
        }
    }

    /// <summary>The running state is written once start has let go of the container's lock: for a container that
    /// ended first, its exited state must be what stays on disk (what a restarted daemon reads).</summary>
    [SkippableFact]
    public void AContainerThatEndsAtOnceIsRecordedAsExitedOnDisk()
    {
        string prefix = "quick-" + Guid.NewGuid().ToString("N")[..8] + "-";
        try
        {
            for (int i = 0; i < 3; i++)
            {
                var r = D.Docker("run", "--name", prefix + i, "busybox", "sh", "-c", "exit 3");
                Assert.True(r.ExitCode == 3, r.ToString());
                string id = D.Docker("inspect", "-f", "{{.Id}}", prefix + i).Stdout.Trim();
                using var record = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(D.DataRoot, "containers", id, "config.v2.json")));
                var state = record.RootElement.GetProperty("State");
                Assert.False(state.GetProperty("Running").GetBoolean(), "the record on disk says running after the container exited");
                Assert.Equal(3, state.GetProperty("ExitCode").GetInt32());
            }
        }
        finally
        {
            for (int i = 0; i < 3; i++) D.Docker("rm", "-f", prefix + i);
        }
    }

    [SkippableFact]
    public void ExitCodeOfTheContainerIsTheExitCodeOfRun()
    {
        var r = D.Docker("run", "--rm", "busybox", "sh", "-c", "exit 3");
        Assert.Equal(3, r.ExitCode);
    }

    [SkippableFact]
    public void PipedStdinReachesTheContainerAndEofEndsIt()
    {
        var r = D.DockerWith("hi\nthere\n", TimeSpan.FromSeconds(30), "run", "--rm", "-i", "busybox", "cat");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("hi\nthere\n", r.Stdout);
    }

    [SkippableFact]
    public void StdoutAndStderrStayApart()
    {
        var r = D.Docker("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2");
        Assert.Equal("out\n", r.Stdout);
        Assert.Equal("err\n", r.Stderr);
    }

    [SkippableFact]
    public void RunInteractiveWithATerminal()
    {
        var r = D.InPty("docker run --rm -it busybox sh -c 'tty; echo cols=$(stty size); exit 4'");
        Assert.Contains("/dev/pts/0", r.Stdout);
        Assert.Equal(4, r.ExitCode);
    }

    [SkippableFact]
    public void ExecInteractiveWithATerminalAndExitCode()
    {
        Assert.Equal(0, D.Docker("run", "-d", "--name", "exec-target", "busybox", "sleep", "300").ExitCode);
        try
        {
            var r = D.InPty("docker exec -it exec-target sh -c 'tty; exit 5'");
            Assert.Contains("/dev/pts/", r.Stdout);
            Assert.Equal(5, r.ExitCode);
            var plain = D.Docker("exec", "exec-target", "sh", "-c", "echo $((6*7)); exit 2");
            Assert.Equal("42\n", plain.Stdout);
            Assert.Equal(2, plain.ExitCode);
            var piped = D.DockerWith("via stdin\n", TimeSpan.FromSeconds(30), "exec", "-i", "exec-target", "cat");
            Assert.Equal("via stdin\n", piped.Stdout);
        }
        finally { D.Docker("rm", "-f", "exec-target"); }
    }

    [SkippableFact]
    public void StopKillsAProcessThatIgnoresSigtermAfterTheTimeout()
    {
        Assert.Equal(0, D.Docker("run", "-d", "--name", "stubborn", "busybox", "sh", "-c", "trap '' TERM; while true; do sleep 1; done").ExitCode);
        try
        {
            var sw = Stopwatch.StartNew();
            var r = D.Docker("stop", "-t", "2", "stubborn");
            sw.Stop();
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.InRange(sw.Elapsed.TotalSeconds, 1.9, 9);
            Assert.Equal("137", D.Docker("inspect", "-f", "{{.State.ExitCode}}", "stubborn").Stdout.Trim());
        }
        finally { D.Docker("rm", "-f", "stubborn"); }
    }

    [SkippableFact]
    public void LogsFollowStreamsUntilTheContainerEnds()
    {
        var id = D.Docker("run", "-d", "busybox", "sh", "-c", "for i in 1 2 3; do echo line$i; sleep 1; done").Stdout.Trim();
        try
        {
            var r = D.DockerWith(null, TimeSpan.FromSeconds(30), "logs", "-f", id);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal("line1\nline2\nline3\n", r.Stdout);
            var tail = D.Docker("logs", "--tail", "1", id);
            Assert.Equal("line3\n", tail.Stdout);
            var stamped = D.Docker("logs", "-t", id).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line1$", stamped[0]);
        }
        finally { D.Docker("rm", "-f", id); }
    }

    [SkippableFact]
    public void DetachedContainerIsListedByPs()
    {
        var id = D.Docker("run", "-d", "--name", "lister", "--label", "team=harbor", "busybox", "sleep", "300").Stdout.Trim();
        try
        {
            Assert.Matches("^[0-9a-f]{64}$", id);
            var ps = D.Docker("ps", "--format", "{{.ID}} {{.Names}} {{.Status}}");
            Assert.Contains($"{id[..12]} lister Up", ps.Stdout);
            Assert.Equal(id[..12] + "\n", D.Docker("ps", "-q", "--filter", "label=team=harbor").Stdout);
            Assert.Equal("", D.Docker("ps", "-q", "--filter", "status=exited", "--filter", "name=lister").Stdout);
            Assert.Equal("/lister running true", D.Docker("inspect", "-f", "{{.Name}} {{.State.Status}} {{.State.Running}}", "lister").Stdout.Trim());
        }
        finally { D.Docker("rm", "-f", id); }
    }

    [SkippableFact]
    public void ContainerConfigurationReachesTheProcess()
    {
        string envFile = Path.Combine(D.Root, "env.list");
        File.WriteAllText(envFile, "FROM_FILE=yes\n");
        var r = D.Docker("run", "--rm", "-e", "GREETING=ahoy", "--env-file", envFile, "-w", "/tmp", "-u", "1000:1000", "--hostname", "quay",
            "busybox", "sh", "-c", "echo $GREETING $FROM_FILE $(pwd) $(id -u):$(id -g) $(hostname)");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("ahoy yes /tmp 1000:1000 quay\n", r.Stdout);
    }

    [SkippableFact]
    public void ReadOnlyRootfsAndNetworkNone()
    {
        var r = D.Docker("run", "--rm", "--read-only", "--network", "none", "busybox", "sh", "-c", "touch /x 2>&1; ls /sys/class/net");
        Assert.Contains("Read-only file system", r.Stdout);
        Assert.Equal("lo", r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [SkippableFact]
    public void ResourceLimitsAreApplied()
    {
        var id = D.Docker("run", "-d", "--memory", "64m", "--pids-limit", "50", "--cpus", "0.5", "--ulimit", "nofile=512:512", "busybox", "sleep", "300").Stdout.Trim();
        try
        {
            // Checked on the host side: what the container sees inside depends on the runtime's cgroup namespace.
            Assert.Equal("67108864", CgroupValue("memory", id, "memory.limit_in_bytes", "memory.max"));
            Assert.Equal("50", CgroupValue("pids", id, "pids.max", "pids.max"));
            Assert.Equal("50000", CgroupValue("cpu", id, "cpu.cfs_quota_us", "cpu.max").Split(' ')[0]);
            Assert.Equal("512\n", D.Docker("exec", id, "sh", "-c", "ulimit -n").Stdout);
            Assert.Equal(0, D.Docker("update", "--memory", "32m", "--memory-swap", "64m", id).ExitCode);
            Assert.Equal("33554432", CgroupValue("memory", id, "memory.limit_in_bytes", "memory.max"));
        }
        finally { D.Docker("rm", "-f", id); }
    }

    private static string CgroupValue(string controller, string id, string v1File, string v2File)
    {
        string v1 = $"/sys/fs/cgroup/{controller}/wharf/{id}/{v1File}";
        return File.ReadAllText(File.Exists(v1) ? v1 : $"/sys/fs/cgroup/wharf/{id}/{v2File}").Trim();
    }

    [SkippableFact]
    public void CapabilitiesFollowCapDropAndPrivileged()
    {
        var dropped = D.Docker("run", "--rm", "--cap-drop", "CHOWN", "busybox", "sh", "-c", "chown 1 /tmp && echo allowed || echo denied");
        Assert.Contains("denied", dropped.Stdout);
        var normal = D.Docker("run", "--rm", "busybox", "sh", "-c", "grep -E 'CapEff|Seccomp:' /proc/self/status");
        Assert.Contains("00000000a80425fb", normal.Stdout);
        Assert.Contains("Seccomp:\t2", normal.Stdout); // Docker's default profile is on
        var unconfined = D.Docker("run", "--rm", "--security-opt", "seccomp=unconfined", "busybox", "grep", "Seccomp:", "/proc/self/status");
        Assert.Contains("Seccomp:\t0", unconfined.Stdout);
        // --privileged: every capability this host still has (our own bounding set).
        string bounding = File.ReadLines("/proc/self/status").First(l => l.StartsWith("CapBnd:")).Split('\t')[1];
        var privileged = D.Docker("run", "--rm", "--privileged", "busybox", "grep", "CapEff", "/proc/self/status");
        Assert.True(privileged.ExitCode == 0, privileged.ToString());
        Assert.Contains(bounding, privileged.Stdout);
    }

    [SkippableFact]
    public void RuntimeIsSelectablePerContainer()
    {
        var r = D.Docker("run", "--rm", "--runtime", "runc", "busybox", "echo", "via runc");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("via runc\n", r.Stdout);
        var bogus = D.Docker("run", "--rm", "--runtime", "warp-drive", "busybox", "true");
        Assert.Equal(125, bogus.ExitCode);
        Assert.Contains("unknown or invalid runtime name: warp-drive", bogus.Stderr);
    }

    [SkippableFact]
    public void MissingImageIsNotFound()
    {
        var r = D.Docker("run", "--rm", "--pull", "never", "no-such-image:v9", "true");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("No such image: no-such-image:v9", r.Stderr);
    }

    [SkippableFact]
    public void CommandNotFoundExits127()
    {
        var r = D.Docker("run", "--rm", "busybox", "/no/such/binary");
        Assert.Equal(127, r.ExitCode);
    }

    /// <summary>The built-in runtime spawns from inside the shim, lending it fds 0-2: nothing else of the shim's
    /// (sockets, log, ready pipe) may reach the container or an exec; runc, exec'd, must give the same.</summary>
    [SkippableFact]
    public void ContainerAndExecHoldOnlyTheirStdio()
    {
        foreach (var runtime in new[] { "wharf-runtime", "runc" })
        {
            var run = D.Docker("run", "--rm", "--runtime", runtime, "busybox", "ls", "/proc/self/fd");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("0\n1\n2\n3\n", run.Stdout); // 3 is the directory ls reads
        }
        string name = "fdcheck-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            Assert.Equal(0, D.Docker("run", "-d", "--name", name, "busybox", "sleep", "300").ExitCode);
            var exec = D.Docker("exec", name, "ls", "/proc/self/fd");
            Assert.True(exec.ExitCode == 0, exec.ToString());
            Assert.Equal("0\n1\n2\n3\n", exec.Stdout);
            var init = D.Docker("exec", name, "ls", "/proc/1/fd");
            Assert.Equal("0\n1\n2\n", init.Stdout);
        }
        finally { D.Docker("rm", "-f", name); }
    }
}
