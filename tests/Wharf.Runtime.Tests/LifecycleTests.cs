using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>create, start, state, kill, pause/resume and delete, through the CLI as a shim drives it.</summary>
public sealed class LifecycleTests
{
    private static string Status(RuntimeCli cli, string id)
        => System.Text.Json.JsonDocument.Parse(cli.Ok("state", id).Stdout).RootElement.GetProperty("status").GetString()!;

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void CreateParksTheProgramUntilStart(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sh", "-c", "touch /tmp/started; sleep 30");
        bundle.Spec.Root!.Readonly = false;
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("life");
        var pidFile = Path.Combine(bundle.Root, "pid");
        cli.Ok("create", id, "--bundle", bundle.Write(), "--pid-file", pidFile);
        var pid = int.Parse(File.ReadAllText(pidFile));
        Assert.Equal("created", Status(cli, id));
        Thread.Sleep(200);
        Assert.False(File.Exists(Path.Combine(bundle.Root, "upper/tmp/started")), "the program ran before start");
        Assert.True(Directory.Exists($"/proc/{pid}"), "the parked process outlived `create`");

        cli.Ok("start", id);
        Poll.Until(() => File.Exists(Path.Combine(bundle.Root, "upper/tmp/started")), "the program to run");
        Assert.Equal("running", Status(cli, id));
        Assert.Equal(pid, System.Text.Json.JsonDocument.Parse(cli.Ok("state", id).Stdout).RootElement.GetProperty("pid").GetInt32());
        Assert.Contains(id, cli.Ok("list").Stdout);

        cli.Ok("kill", id, "KILL");
        Poll.Until(() => Status(cli, id) == "stopped", "stopped");
        cli.Ok("delete", id);
        Assert.Contains("does not exist", cli.Run("state", id).Stderr);
        Assert.False(Requires.CgroupDirExists(id));
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void ExitCodePassesThrough(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sh", "-c", "exit 3");
        using var cli = new RuntimeCli(spawn: spawn);
        var r = cli.Run("run", RuntimeCli.NewId("exit"), "--bundle", bundle.Write());
        Assert.Equal(3, r.ExitCode);
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void TermSentToRunIsForwardedToTheContainer(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sh", "-c", "trap 'echo got-term; exit 7' TERM; echo ready; sleep 30 & wait");
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("term");
        var (run, collect) = cli.Start("run", id, "--bundle", bundle.Write());
        using (run)
        {
            Poll.Until(() => cli.Run("state", id) is { ExitCode: 0 } s && s.Stdout.Contains("\"running\""), "running");
            Thread.Sleep(200); // let the shell install its trap
            System.Diagnostics.Process.Start("kill", ["-TERM", run.Id.ToString()])!.WaitForExit();
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(20)), "run did not exit after SIGTERM");
            var r = collect();
            Assert.Equal(7, r.ExitCode);
            Assert.Contains("got-term", r.Stdout);
        }
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void KillFromOutsideGives137(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sleep", "30");
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("kill");
        var run = Task.Run(() => cli.Run("run", id, "--bundle", bundle.Write()));
        Poll.Until(() => cli.Run("state", id) is { ExitCode: 0 } s && s.Stdout.Contains("\"running\""), "running");
        cli.Ok("kill", id, "9");
        Assert.True(run.Wait(TimeSpan.FromSeconds(20)));
        Assert.Equal(137, run.Result.ExitCode);
        Assert.False(Requires.CgroupDirExists(id), "run removes the cgroup after the container exits");
    }

    [SkippableFact]
    public void PauseFreezesAndResumeThaws()
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sh", "-c", "while true; do date +%s%N > /tmp/tick; sleep 0.05; done");
        bundle.Spec.Root!.Readonly = false;
        using var cli = new RuntimeCli();
        var id = RuntimeCli.NewId("pause");
        cli.Ok("run", "--detach", id, "--bundle", bundle.Write());
        var tick = Path.Combine(bundle.Root, "upper/tmp/tick");
        Poll.Until(() => File.Exists(tick), "first tick");
        cli.Ok("pause", id);
        Assert.Equal("paused", Status(cli, id));
        Thread.Sleep(100);
        var frozen = File.ReadAllText(tick);
        Thread.Sleep(300);
        Assert.Equal(frozen, File.ReadAllText(tick));
        Assert.Contains("cannot exec in a paused container", cli.Run("exec", id, "true").Stderr);
        cli.Ok("resume", id);
        Assert.Equal("running", Status(cli, id));
        Poll.Until(() => File.ReadAllText(tick) != frozen, "ticks after resume");
        cli.Ok("delete", "--force", id);
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void DeleteForceLeavesNoProcessCgroupMountOrState(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sh", "-c", "sleep 100 & sleep 100");
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("force");
        cli.Ok("run", "-d", id, "--bundle", bundle.Write());
        var pid = System.Text.Json.JsonDocument.Parse(cli.Ok("state", id).Stdout).RootElement.GetProperty("pid").GetInt32();
        Poll.Until(() => cli.Ok("ps", "--format", "json", id).Stdout.Count(c => c == ',') >= 1, "two processes");
        var pids = System.Text.Json.JsonSerializer.Deserialize<int[]>(cli.Ok("ps", "--format", "json", id).Stdout)!;

        Assert.Contains("not stopped", cli.Run("delete", id).Stderr);
        cli.Ok("delete", "--force", id);

        Assert.All(pids.Append(pid), p => Assert.False(File.Exists($"/proc/{p}/stat") && !File.ReadAllText($"/proc/{p}/stat").Contains(") Z"), $"pid {p} alive"));
        Assert.False(Requires.CgroupDirExists(id));
        Assert.False(Directory.Exists(Path.Combine(cli.StateRoot, id)));
        // Only the test's own overlay remains: the container's mounts lived in its own namespace.
        Assert.Single(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(bundle.Dir));
    }
}
