using System.Diagnostics;
using Wharf.Engine.Init;
using Wharf.TestSupport;

namespace Wharf.Engine.Tests;

/// <summary>The generated init run for real as PID 1 of a new PID namespace (<c>unshare --pid --fork
/// --mount-proc</c>, as root): exit codes, exec failures, PATH search, orphan reaping, signal forwarding.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InitProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("init-run-");
    private readonly string _init;

    public InitProcessTests() => _init = InitBinary.EnsureWritten(_dir.FullName);

    private static void RequireRoot() =>
        Skip.IfNot(Environment.UserName == "root" && File.Exists("/usr/bin/unshare"), "needs root and util-linux unshare for a PID namespace");

    /// <summary>Runs <c>init ARGS</c> as PID 1 with exactly the environment <paramref name="env"/>.</summary>
    private CommandResult RunAsPid1(string[] env, params string[] args) =>
        ProcessRunner.Run("unshare", ["--pid", "--fork", "--mount-proc", "/usr/bin/env", "-i", .. env, _init, .. args], timeout: Patience);

    private CommandResult Shell(string script) => RunAsPid1(["PATH=/usr/bin:/bin"], "--", "/bin/sh", "-c", script);

    [SkippableTheory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("exit 255", 255)]
    [InlineData("kill -KILL $$", 128 + 9)]
    [InlineData("kill -TERM $$", 128 + 15)]
    public void ExitsWithTheProgramsStatus(string script, int expected)
    {
        RequireRoot();
        var r = Shell(script);
        Assert.True(expected == r.ExitCode, r.ToString());
    }

    [SkippableFact]
    public void TheProgramIsTheChildOfPid1AndGetsArgumentsAndEnvironment()
    {
        RequireRoot();
        var r = RunAsPid1(["PATH=/usr/bin:/bin", "GREETING=hello"], "--", "/bin/sh", "-c", "echo $PPID $GREETING \"$0\" \"$1\"", "zero", "one two");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("1 hello zero one two\n", r.Stdout);
    }

    [SkippableFact]
    public void WithoutTheDashDashTheFirstArgumentIsTheProgram()
    {
        RequireRoot();
        var r = RunAsPid1(["PATH=/usr/bin:/bin"], "echo", "plain");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("plain\n", r.Stdout);
    }

    [SkippableFact]
    public void SearchesPathAndFallsBackToTheDefaultPath()
    {
        RequireRoot();
        var onPath = RunAsPid1(["PATH=/no/such/dir::/usr/bin:/bin"], "--", "echo", "found");
        Assert.True(onPath.ExitCode == 0, onPath.ToString());
        Assert.Equal("found\n", onPath.Stdout);

        var noPath = RunAsPid1([], "--", "echo", "default");
        Assert.True(noPath.ExitCode == 0, noPath.ToString());
        Assert.Equal("default\n", noPath.Stdout);
    }

    [SkippableFact]
    public void AProgramNotOnPathExits127WithAMessage()
    {
        RequireRoot();
        var r = RunAsPid1(["PATH=/usr/bin:/bin"], "--", "no-such-program-here");
        Assert.Equal(127, r.ExitCode);
        Assert.Equal("wharf-init: exec \"no-such-program-here\": executable file not found in $PATH\n", r.Stderr);

        var byPath = RunAsPid1([], "--", "/no/such/program");
        Assert.Equal(127, byPath.ExitCode);
        Assert.Equal("wharf-init: exec \"/no/such/program\": No such file or directory\n", byPath.Stderr);

        var empty = RunAsPid1(["PATH=/usr/bin:/bin"], "--", "");
        Assert.Equal(127, empty.ExitCode);
        Assert.Equal("wharf-init: exec \"\": No such file or directory\n", empty.Stderr);
    }

    [SkippableFact]
    public void ANonExecutableProgramExits126()
    {
        RequireRoot();
        string bin = Directory.CreateDirectory(Path.Combine(_dir.FullName, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "tool"), "#!/bin/sh\necho never\n");
        File.SetUnixFileMode(Path.Combine(bin, "tool"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var byName = RunAsPid1([$"PATH={bin}"], "--", "tool");
        Assert.Equal(126, byName.ExitCode);
        Assert.Equal("wharf-init: exec \"tool\": Permission denied\n", byName.Stderr);

        var noFormat = Path.Combine(bin, "data");
        File.WriteAllText(noFormat, "not a program\n");
        File.SetUnixFileMode(noFormat, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var r = RunAsPid1([], "--", noFormat);
        Assert.Equal(126, r.ExitCode);
        Assert.Equal($"wharf-init: exec \"{noFormat}\": Exec format error\n", r.Stderr);
    }

    [SkippableFact]
    public void NoCommandIsAUsageError()
    {
        RequireRoot();
        var r = RunAsPid1([], "--");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("wharf-init: usage:", r.Stderr);
    }

    [SkippableFact]
    public void OrphansAreReapedByPid1()
    {
        RequireRoot();
        // Each inner shell exits at once, so its sleep is re-parented to PID 1. A zombie keeps its /proc entry:
        // the script waits (up to 60 s) for every orphan's entry to go, which only PID 1's wait4 can do.
        var r = Shell("""
            pids=""
            for n in 1 2 3 4 5; do pids="$pids $(sh -c 'sleep 0.3 >/dev/null 2>&1 & echo $!')"; done
            for pid in $pids; do
              i=0
              while [ -e /proc/$pid ]; do
                i=$((i+1)); if [ $i -gt 600 ]; then grep State /proc/$pid/status; exit 1; fi
                sleep 0.1
              done
            done
            echo reaped $pids
            """);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("reaped ", r.Stdout);
    }

    [SkippableTheory]
    [InlineData("HUP", 41)]
    [InlineData("TERM", 42)]
    [InlineData("USR1", 43)]
    [InlineData("INT", 44)]
    public void SignalsToPid1ReachTheProgram(string signal, int expected)
    {
        RequireRoot();
        const string script = "trap 'exit 41' HUP; trap 'exit 42' TERM; trap 'exit 43' USR1; trap 'exit 44' INT; echo ready; while :; do sleep 0.1; done";
        Assert.Equal(expected, SignalAfterReady(signal, script));
    }

    [SkippableFact]
    public void SigtermEndsAProgramThatDoesNotHandleIt()
    {
        RequireRoot();
        Assert.Equal(128 + 15, SignalAfterReady("TERM", "echo ready; exec sleep 300"));
    }

    /// <summary>Starts the init as PID 1, waits for the program to print "ready", sends <paramref name="signal"/> to
    /// the init (from outside its namespace, as dockerd does) and returns the init's exit code.</summary>
    private int SignalAfterReady(string signal, string script)
    {
        var psi = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--pid", "--fork", "--mount-proc", "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", _init, "--", "/bin/sh", "-c", script })
            psi.ArgumentList.Add(a);
        using var unshare = Process.Start(psi)!;
        try
        {
            var stderr = unshare.StandardError.ReadToEndAsync();
            var ready = unshare.StandardOutput.ReadLineAsync();
            Assert.True(ready.Wait(Patience), "the program never said ready");
            Assert.Equal("ready", ready.Result);
            int init = ChildOf(unshare.Id);
            var kill = ProcessRunner.Run("kill", ["-s", signal, init.ToString()]);
            Assert.True(kill.ExitCode == 0, kill.ToString());
            Assert.True(unshare.WaitForExit(Patience), $"the init did not exit after SIG{signal}");
            unshare.WaitForExit();
            return unshare.ExitCode;
        }
        finally
        {
            if (!unshare.HasExited) { unshare.Kill(entireProcessTree: true); unshare.WaitForExit(); }
        }
    }

    /// <summary>The PID (in our namespace) of unshare's forked child, which is the init.</summary>
    private static int ChildOf(int pid)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (children.Length == 1) return int.Parse(children[0]);
            Thread.Sleep(20);
        }
        throw new TimeoutException($"unshare ({pid}) has no child");
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
