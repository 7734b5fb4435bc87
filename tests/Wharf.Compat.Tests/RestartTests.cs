using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>kill -9 of wharfd with running, exited and restarting containers: a restarted wharfd finds them all,
/// running ones still run, logs and exit codes are intact, and exits that happened meanwhile are recorded. A stopped
/// --rm container is removed at start-up, as dockerd does.</summary>
public sealed class RestartTests
{
    [SkippableFact]
    public void DaemonKill9AndRestartKeepsContainers()
    {
        Skip.IfNot(WharfDaemon.Available, "needs root, the built wharfd and /usr/local/bin/docker");
        using var d = new WharfDaemon();
        d.ImportBusybox();
        var runner = d.Docker("run", "-d", "--name", "runner", "busybox", "sh", "-c", "echo before; sleep 300");
        Assert.True(runner.ExitCode == 0, runner.ToString());
        Assert.Equal(0, d.Docker("run", "--name", "finished", "busybox", "sh", "-c", "echo done; exit 7").ExitCode == 7 ? 0 : 1);
        d.Docker("run", "-d", "--name", "ending", "busybox", "sh", "-c", "sleep 2; echo late; exit 4");
        d.Docker("run", "-d", "--name", "phoenix", "--restart", "always", "busybox", "sh", "-c", "sleep 1; exit 1");
        Assert.Equal(0, d.Docker("create", "--rm", "--name", "leftover", "busybox", "true").ExitCode);
        string runnerPid = d.Docker("inspect", "-f", "{{.State.Pid}}", "runner").Stdout.Trim();

        d.Kill9();
        Assert.True(Directory.Exists($"/proc/{runnerPid}"), "the container must outlive wharfd");
        Thread.Sleep(3000); // "ending" exits while the daemon is away
        d.Start();

        Assert.Equal("running " + runnerPid, d.Docker("inspect", "-f", "{{.State.Status}} {{.State.Pid}}", "runner").Stdout.Trim());
        Assert.Equal("before\n", d.Docker("logs", "runner").Stdout);
        Assert.Equal("exited 7", d.Docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "finished").Stdout.Trim());
        Assert.Equal("done\n", d.Docker("logs", "finished").Stdout);
        Assert.Equal("exited 4", d.Docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "ending").Stdout.Trim());
        Assert.Equal("late\n", d.Docker("logs", "ending").Stdout);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string phoenix = "";
        while (DateTime.UtcNow < deadline)
        {
            phoenix = d.Docker("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}} {{.State.Status}}", "phoenix").Stdout.Trim();
            if (phoenix is "always running" or "always restarting") break;
            Thread.Sleep(200);
        }
        Assert.Contains(phoenix, new[] { "always running", "always restarting" });
        var names = d.Docker("ps", "-a", "--format", "{{.Names}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray();
        Assert.Equal(["ending", "finished", "phoenix", "runner"], names);

        // The reattached container still streams and stops normally.
        Assert.Equal(0, d.Docker("stop", "-t", "1", "runner").ExitCode);
        Assert.Equal("137", d.Docker("inspect", "-f", "{{.State.ExitCode}}", "runner").Stdout.Trim());
    }

    /// <summary>An --rm container's snapshot is not fsynced and neither is its record, so a power loss can leave a
    /// snapshot without a container: start-up deletes it, and keeps the snapshots of the containers it knows.</summary>
    [SkippableFact]
    public void StartUpDeletesSnapshotsLeftWithoutAContainer()
    {
        Skip.IfNot(WharfDaemon.Available, "needs root, the built wharfd and /usr/local/bin/docker");
        using var d = new WharfDaemon();
        d.ImportBusybox();
        var keeper = d.Docker("create", "--name", "keeper", "busybox", "echo", "kept");
        Assert.True(keeper.ExitCode == 0, keeper.ToString());
        string keeperId = keeper.Stdout.Trim();
        d.Stop();

        string active = Path.Combine(d.DataRoot, "snapshots", "active");
        Assert.True(Directory.Exists(Path.Combine(active, keeperId)), "the layout this test relies on changed");
        string stray = Path.Combine(active, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        Directory.CreateDirectory(Path.Combine(stray, "upper"));
        Directory.CreateDirectory(Path.Combine(stray, "work"));
        File.WriteAllText(Path.Combine(stray, "parent"), File.ReadAllText(Path.Combine(active, keeperId, "parent")));
        d.Start();

        Assert.False(Directory.Exists(stray), "a snapshot without a container survived start-up");
        Assert.True(Directory.Exists(Path.Combine(active, keeperId)));
        var run = d.Docker("start", "-a", "keeper");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("kept\n", run.Stdout);
    }
}
