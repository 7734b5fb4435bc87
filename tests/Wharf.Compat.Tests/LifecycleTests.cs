using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>create/start/restart/kill/rm/rename/pause/update/top/stats/wait/events through the docker CLI.</summary>
public sealed class LifecycleTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private WharfDaemon D => fixture.Daemon;

    [SkippableFact]
    public void CreateThenStartAttachedRunsOnce()
    {
        var id = D.Docker("create", "--name", "made", "busybox", "echo", "started").Stdout.Trim();
        try
        {
            Assert.Equal("created", D.Docker("inspect", "-f", "{{.State.Status}}", "made").Stdout.Trim());
            Assert.Contains("Created", D.Docker("ps", "-a", "--filter", "name=made", "--format", "{{.Status}}").Stdout);
            var r = D.Docker("start", "-a", "made");
            Assert.Equal("started\n", r.Stdout);
            Assert.Equal("0", D.Docker("wait", "made").Stdout.Trim());
            Assert.Equal("exited 0", D.Docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", id).Stdout.Trim());
        }
        finally { D.Docker("rm", "-f", "made"); }
    }

    [SkippableFact]
    public void RestartKillRenameAndRemove()
    {
        D.Docker("run", "-d", "--name", "cycle", "busybox", "sleep", "300");
        try
        {
            string pid1 = D.Docker("inspect", "-f", "{{.State.Pid}}", "cycle").Stdout.Trim();
            Assert.Equal(0, D.Docker("restart", "-t", "1", "cycle").ExitCode);
            string pid2 = D.Docker("inspect", "-f", "{{.State.Pid}}", "cycle").Stdout.Trim();
            Assert.NotEqual(pid1, pid2);
            Assert.True(Directory.Exists($"/proc/{pid2}"));

            var rm = D.Docker("rm", "cycle");
            Assert.NotEqual(0, rm.ExitCode);
            Assert.Contains("container is running", rm.Stderr);

            Assert.Equal(0, D.Docker("rename", "cycle", "cycle2").ExitCode);
            Assert.Equal("/cycle2", D.Docker("inspect", "-f", "{{.Name}}", "cycle2").Stdout.Trim());

            Assert.Equal(0, D.Docker("kill", "cycle2").ExitCode);
            Assert.Equal("137", D.Docker("wait", "cycle2").Stdout.Trim());
            Assert.Equal(0, D.Docker("rm", "cycle2").ExitCode);
            Assert.NotEqual(0, D.Docker("inspect", "cycle2").ExitCode);
        }
        finally { D.Docker("rm", "-f", "cycle"); D.Docker("rm", "-f", "cycle2"); }
    }

    [SkippableFact]
    public void PauseUnpauseTopStatsUpdate()
    {
        D.Docker("run", "-d", "--name", "busy", "busybox", "sleep", "300");
        try
        {
            Assert.Equal(0, D.Docker("pause", "busy").ExitCode);
            Assert.Equal("paused", D.Docker("inspect", "-f", "{{.State.Status}}", "busy").Stdout.Trim());
            Assert.Equal(0, D.Docker("unpause", "busy").ExitCode);
            Assert.Equal("running", D.Docker("inspect", "-f", "{{.State.Status}}", "busy").Stdout.Trim());

            var top = D.Docker("top", "busy");
            Assert.Contains("sleep 300", top.Stdout);

            var stats = D.Docker("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", "busy");
            Assert.Equal("busy 1", stats.Stdout.Trim());

            Assert.Equal(0, D.Docker("update", "--memory", "32m", "--memory-swap", "64m", "--restart", "on-failure:2", "busy").ExitCode);
            Assert.Equal("33554432 on-failure 2", D.Docker("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", "busy").Stdout.Trim());
        }
        finally { D.Docker("rm", "-f", "busy"); }
    }

    [SkippableFact]
    public void EventsReportTheLifecycle()
    {
        long since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        D.Docker("run", "--name", "evented", "busybox", "true");
        D.Docker("rm", "evented");
        long until = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;
        var r = D.Docker("events", "--since", since.ToString(), "--until", until.ToString(), "--filter", "container=evented", "--format", "{{.Action}}");
        Assert.Equal(["create", "attach", "start", "die", "destroy"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [SkippableFact]
    public void RestartPolicyOnFailureRetries()
    {
        D.Docker("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 1");
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            string state = "";
            while (DateTime.UtcNow < deadline)
            {
                state = D.Docker("inspect", "-f", "{{.RestartCount}} {{.State.Status}}", "flaky").Stdout.Trim();
                if (state == "2 exited") break;
                Thread.Sleep(200);
            }
            Assert.Equal("2 exited", state);
        }
        finally { D.Docker("rm", "-f", "flaky"); }
    }

    [SkippableFact]
    public void HealthcheckStatusShowsInInspect()
    {
        D.Docker("run", "-d", "--name", "healthy", "--health-cmd", "true", "--health-interval", "1s", "busybox", "sleep", "300");
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            string status = "";
            while (DateTime.UtcNow < deadline && status != "healthy")
            {
                status = D.Docker("inspect", "-f", "{{.State.Health.Status}}", "healthy").Stdout.Trim();
                Thread.Sleep(300);
            }
            Assert.Equal("healthy", status);
        }
        finally { D.Docker("rm", "-f", "healthy"); }
    }

    [SkippableFact]
    public void AttachToARunningContainerGetsItsLaterOutputAndExitCode()
    {
        var id = D.Docker("run", "-d", "busybox", "sh", "-c", "sleep 2; echo late; exit 6").Stdout.Trim();
        try
        {
            var r = D.DockerWith(null, TimeSpan.FromSeconds(30), "attach", "--no-stdin", id);
            Assert.Equal("late\n", r.Stdout);
            Assert.Equal(6, r.ExitCode);
        }
        finally { D.Docker("rm", "-f", id); }
    }

    [SkippableFact]
    public void VersionInfoAndNetworks()
    {
        var v = D.Docker("version", "--format", "{{.Server.APIVersion}} {{.Server.MinAPIVersion}}");
        Assert.Equal("1.47 1.40", v.Stdout.Trim());
        var info = D.Docker("info", "--format", "{{.OSType}} {{.Driver}} {{.DefaultRuntime}}");
        Assert.StartsWith("linux overlay2 ", info.Stdout);
        var nets = D.Docker("network", "ls", "--format", "{{.Name}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["bridge", "host", "none"], nets.Order().ToArray());
    }

    [SkippableFact]
    public void ImagesImportTagHistoryRmi()
    {
        D.ImportBusybox("scratchy:1");
        Assert.Contains("scratchy:1", D.Docker("images", "--format", "{{.Repository}}:{{.Tag}}").Stdout);
        Assert.Equal(0, D.Docker("tag", "scratchy:1", "scratchy:2").ExitCode);
        Assert.Equal("[scratchy:1 scratchy:2]", D.Docker("image", "inspect", "-f", "{{.RepoTags}}", "scratchy:1").Stdout.Trim());
        var history = D.Docker("history", "-q", "scratchy:2");
        Assert.True(history.ExitCode == 0, history.ToString());
        var rmi = D.Docker("rmi", "scratchy:2");
        Assert.Contains("Untagged: scratchy:2", rmi.Stdout);
        D.Docker("rmi", "scratchy:1");
        Assert.NotEqual(0, D.Docker("image", "inspect", "scratchy:1").ExitCode);
    }
}
