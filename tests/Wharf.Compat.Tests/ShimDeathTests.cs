using System.Diagnostics;
using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>kill -9 of a container's shim. As containerd does after a dead shim, wharfd kills and deletes the
/// container through the runtime, so nothing keeps running unsupervised, records 128+SIGKILL, and the container can
/// be started again (its id is free in the runtime).</summary>
public sealed class ShimDeathTests
{
    [SkippableFact]
    public void TheContainerOfAKilledShimIsKilledRecordedAndStartsAgain()
    {
        Skip.IfNot(WharfDaemon.Available, "needs root, the built wharfd and /usr/local/bin/docker");
        using var d = new WharfDaemon();
        d.ImportBusybox();
        var run = d.Docker("run", "-d", "--name", "orphan", "busybox", "sleep", "300");
        Assert.True(run.ExitCode == 0, run.ToString());
        string id = run.Stdout.Trim();
        int pid = int.Parse(d.Docker("inspect", "-f", "{{.State.Pid}}", "orphan").Stdout.Trim());
        int shim = ParentOf(pid);
        Assert.Contains("wharf-shim", File.ReadAllText($"/proc/{shim}/cmdline"));

        Process.GetProcessById(shim).Kill();

        string state = Poll(() => d.Docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "orphan").Stdout.Trim(),
            s => s != "running 0");
        Assert.Equal("exited 137", state);
        Assert.True(Poll(() => IsGone(pid), gone => gone), $"the container's process {pid} still runs without its shim");
        Assert.False(Directory.Exists(Path.Combine(d.ExecRoot, "runtime", id)), "the runtime state is left");
        Assert.Empty(Directory.GetDirectories("/sys/fs/cgroup").Select(h => Path.Combine(h, "wharf", id)).Where(Directory.Exists));

        var start = d.Docker("start", "orphan");
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Equal("running", d.Docker("inspect", "-f", "{{.State.Status}}", "orphan").Stdout.Trim());
        Assert.Equal(0, d.Docker("rm", "-f", "orphan").ExitCode);
    }

    private static T Poll<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        T value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            value = read();
        }
        return value;
    }

    /// <summary>The fields after the command name in /proc/PID/stat: state, then the parent's pid.</summary>
    private static string[] StatFields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static int ParentOf(int pid) => int.Parse(StatFields(pid)[1]);

    private static bool IsGone(int pid)
    {
        try { return StatFields(pid)[0] == "Z"; }
        catch (IOException) { return true; }
    }
}
