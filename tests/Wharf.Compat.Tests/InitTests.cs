using System.Diagnostics;
using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>docker run --init through the real docker CLI: the init is PID 1, passes exit codes through, forwards
/// docker stop's SIGTERM, and reaps orphans.</summary>
public sealed class InitTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private WharfDaemon D => fixture.Daemon;

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [SkippableFact]
    public void DockerInitIsPid1()
    {
        var r = D.Docker("run", "--rm", "--init", "busybox", "ps", "-o", "pid,args");
        Assert.True(r.ExitCode == 0, r.ToString());
        var pid1 = r.Stdout.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("1 ", StringComparison.Ordinal));
        Assert.Equal("1 /sbin/docker-init -- ps -o pid,args", pid1);
    }

    [SkippableFact]
    public void ExitCodesPassThrough()
    {
        var three = D.Docker("run", "--rm", "--init", "busybox", "sh", "-c", "exit 3");
        Assert.True(three.ExitCode == 3, three.ToString());
        var killed = D.Docker("run", "--rm", "--init", "busybox", "sh", "-c", "kill -KILL $$");
        Assert.True(killed.ExitCode == 128 + 9, killed.ToString());

        var missing = D.Docker("run", "--rm", "--init", "busybox", "no-such-command");
        Assert.True(missing.ExitCode == 127, missing.ToString());
        Assert.Contains("exec \"no-such-command\": executable file not found in $PATH", missing.Stderr);
    }

    [SkippableFact]
    public void AnUnprivilegedUserCanRunUnderTheInit()
    {
        var r = D.Docker("run", "--rm", "--init", "--user", "65534", "busybox", "id", "-u");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("65534\n", r.Stdout);
    }

    [SkippableFact]
    public void WithATerminalTheProgramOwnsTheForeground()
    {
        // The program runs in its own process group, made the terminal's foreground one: a shell's job control and
        // Ctrl-C reach it directly. Had SIGTTOU not been blocked during the switch, the program would stop instead.
        var r = D.InPty("docker run --rm -it --init busybox sh -c 'tty; echo pgrp=$(cut -d\" \" -f5 /proc/$$/stat) fg=$(cut -d\" \" -f8 /proc/$$/stat); exit 4'");
        Assert.True(r.ExitCode == 4, r.ToString());
        Assert.Contains("/dev/pts/0", r.Stdout);
        var m = System.Text.RegularExpressions.Regex.Match(r.Stdout, @"pgrp=(\d+) fg=(\d+)");
        Assert.True(m.Success, r.ToString());
        Assert.NotEqual("1", m.Groups[1].Value);
        Assert.Equal(m.Groups[1].Value, m.Groups[2].Value);
    }

    [SkippableFact]
    public void StopIsPromptBecauseTheInitForwardsSigterm()
    {
        string name = UniqueName("init-stop");
        var run = D.Docker("run", "-d", "--init", "--name", name, "busybox", "sleep", "300");
        Assert.True(run.ExitCode == 0, run.ToString());
        try
        {
            // Without an init, sleep as PID 1 ignores SIGTERM and only the SIGKILL after -t ends it (exit 137).
            var clock = Stopwatch.StartNew();
            var stop = D.DockerWith(null, TimeSpan.FromSeconds(150), "stop", "-t", "120", name);
            clock.Stop();
            Assert.True(stop.ExitCode == 0, stop.ToString());
            Assert.Equal("143", D.Docker("inspect", "-f", "{{.State.ExitCode}}", name).Stdout.Trim());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"docker stop took {clock.Elapsed}");
        }
        finally { D.Docker("rm", "-f", name); }
    }

    [SkippableFact]
    public void OrphansDoNotStayZombies()
    {
        // The inner shell exits at once, so its sleep is re-parented to PID 1; a zombie keeps its /proc entry
        // until PID 1 reaps it. The script polls (up to 60 s) for the entry to go.
        const string script = """
            pid=$(sh -c 'sleep 0.3 >/dev/null 2>&1 & echo $!')
            i=0
            while [ -e /proc/$pid ]; do
              i=$((i+1)); if [ $i -gt 600 ]; then grep State /proc/$pid/status; exit 1; fi
              sleep 0.1
            done
            echo reaped
            """;
        var r = D.DockerWith(null, TimeSpan.FromSeconds(120), "run", "--rm", "--init", "busybox", "sh", "-c", script);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("reaped\n", r.Stdout);
    }
}
