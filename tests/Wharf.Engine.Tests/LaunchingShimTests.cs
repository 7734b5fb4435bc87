using System.Diagnostics;
using Wharf.Engine.Errors;
using Wharf.Engine.Shims;
using Wharf.TestSupport;

namespace Wharf.Engine.Tests;

/// <summary>
/// The real wharf-shim started with <c>--await-bundle</c>, as wharfd starts it before the bundle is complete:
/// it does nothing until told "create", and a daemon that calls the container off leaves nothing behind.
/// </summary>
public sealed class LaunchingShimTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("launching-shim-");

    private string Bundle => Path.Combine(_root.FullName, "bundle");
    private string Socket => Path.Combine(_root.FullName, "shim.sock");
    private string ExitFile => Path.Combine(_root.FullName, "exit");
    private string RuntimeRoot => Path.Combine(_root.FullName, "runtime");

    private Process StartShim()
    {
        var shim = RepoPaths.Binary("wharf-shim");
        Skip.IfNot(File.Exists(shim), $"{shim} is not built (run ./build.sh or set WHARF_BIN)");
        Directory.CreateDirectory(Bundle);
        var psi = new ProcessStartInfo(shim) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            "run", "--id", "launching-shim-test", "--bundle", Bundle, "--runtime", RepoPaths.Binary("wharf-runtime"),
            "--runtime-root", RuntimeRoot, "--log", Path.Combine(_root.FullName, "log.json"), "--socket", Socket,
            "--exit-file", ExitFile, "--await-bundle",
        }) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    [SkippableFact]
    public void ACalledOffShimExitsWithoutCreatingAnything()
    {
        using var process = StartShim();
        var pid = process.Id;
        new LaunchingShim(process).Dispose();
        Assert.True(WaitForExit(pid), "the shim did not exit after its stdin closed");
        Assert.False(File.Exists(Socket));
        Assert.False(File.Exists(ExitFile));
        Assert.False(Directory.Exists(Path.Combine(RuntimeRoot, "launching-shim-test")));
    }

    [SkippableFact]
    public async Task CreateRunsTheRuntimeOnlyOnceToldAndReportsItsError()
    {
        using var process = StartShim();
        var pid = process.Id;
        using var shim = new LaunchingShim(process);
        // Still waiting: no config.json was needed so far, and none is there now, so create must fail with the runtime's word.
        Assert.False(process.WaitForExit(200));
        var e = await Assert.ThrowsAsync<EngineException>(() => shim.CreateAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token));
        Assert.StartsWith("failed to create task for container: OCI runtime create failed: ", e.Message);
        Assert.Contains("config.json", e.Message);
        Assert.True(WaitForExit(pid));
        Assert.False(File.Exists(Socket));
    }

    /// <summary>A spare is started with nothing but the runtime root and learns its container with "create".</summary>
    [SkippableFact]
    public async Task ASpareShimGetsItsContainerWithCreate()
    {
        var shim = RepoPaths.Binary("wharf-shim");
        Skip.IfNot(File.Exists(shim), $"{shim} is not built (run ./build.sh or set WHARF_BIN)");
        Directory.CreateDirectory(Bundle);
        var psi = new ProcessStartInfo(shim, ["run", "--runtime-root", RuntimeRoot, "--await-bundle"])
            { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(psi)!;
        var pid = process.Id;
        using var launching = new LaunchingShim(process, ContainerArguments());
        Assert.False(process.WaitForExit(200));
        var e = await Assert.ThrowsAsync<EngineException>(() => launching.CreateAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token));
        // The runtime looked for config.json in the bundle it was given with "create".
        Assert.Contains(Path.Combine(Bundle, "config.json"), e.Message);
        Assert.True(WaitForExit(pid));
        Assert.True(File.Exists(Path.Combine(Bundle, "shim.log")), "the shim's error log goes to the bundle it was given");
    }

    [SkippableFact]
    public void TheLauncherKeepsOneSpareHandsItToTheNextContainerAndCallsItOffAtTheEnd()
    {
        var shimPath = RepoPaths.Binary("wharf-shim");
        Skip.IfNot(File.Exists(shimPath), $"{shimPath} is not built (run ./build.sh or set WHARF_BIN)");
        var options = new EngineOptions { DataRoot = Path.Combine(_root.FullName, "data"), ExecRoot = Path.Combine(_root.FullName, "exec"), BinDir = Path.GetDirectoryName(shimPath)! };
        var launcher = new ShimLauncher(options, new Wharf.Engine.Containers.ContainerPaths(options));
        var pids = new List<int>();
        try
        {
            launcher.KeepSpareReady();
            int spare = WaitForSpare(launcher, notPid: 0);
            pids.Add(spare);
            var record = new Wharf.Engine.Containers.ContainerRecord { Id = new string('c', 64) };
            using (var taken = launcher.Launch(record))
            {
                Assert.Equal(spare, taken.Pid);
                Assert.Null(launcher.SparePid);
            } // called off without create: that shim exits, and the next spare is started
            Assert.True(WaitForExit(spare), "the called-off shim did not exit");
            int next = WaitForSpare(launcher, notPid: spare);
            pids.Add(next);

            // A spare that died meanwhile is not handed out.
            Process.GetProcessById(next).Kill();
            Assert.True(WaitForExit(next));
            using (var fresh = launcher.Launch(record))
            {
                pids.Add(fresh.Pid);
                Assert.NotEqual(next, fresh.Pid);
            }
            int last = WaitForSpare(launcher, notPid: next);
            pids.Add(last);
            launcher.Dispose();
            Assert.True(WaitForExit(last), "the spare did not exit when the launcher was disposed");
            Assert.Null(launcher.SparePid);
        }
        finally
        {
            launcher.Dispose();
            foreach (var pid in pids)
                try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
    }

    [Fact]
    public void TheCreateLineCarriesEachArgumentAfterANul()
    {
        Assert.Equal("create\n", LaunchingShim.CreateLine([]));
        Assert.Equal("create\0--id\0abc\0--tty\n", LaunchingShim.CreateLine(["--id", "abc", "--tty"]));
        Assert.Throws<EngineException>(() => LaunchingShim.CreateLine(["/a\nb"]));
    }

    private static int WaitForSpare(ShimLauncher launcher, int notPid)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (launcher.SparePid is int pid && pid != notPid) return pid;
            Thread.Sleep(20);
        }
        throw new TimeoutException("no spare shim was started within 30 s");
    }

    private string[] ContainerArguments() =>
    [
        "--id", "launching-shim-test", "--bundle", Bundle, "--runtime", RepoPaths.Binary("wharf-runtime"),
        "--log", Path.Combine(_root.FullName, "log.json"), "--socket", Socket, "--exit-file", ExitFile,
    ];

    [Fact]
    public async Task AShimThatDiedBeforeCreateIsReportedByItsExitStatus()
    {
        var psi = new ProcessStartInfo("/bin/sh", ["-c", "exec 0<&-; exit 7"]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var process = Process.Start(psi)!;
        process.WaitForExit(); // its end of the stdin pipe is closed: "create" meets EPIPE
        using var shim = new LaunchingShim(process);
        var e = await Assert.ThrowsAsync<EngineException>(() => shim.CreateAsync(CancellationToken.None));
        Assert.Equal("failed to create task for container: OCI runtime create failed: wharf-shim exited with 7: unknown", e.Message);
    }

    /// <summary>Polls /proc: the Process object may already be disposed, and a zombie counts as exited.</summary>
    private static bool WaitForExit(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var stat = $"/proc/{pid}/stat";
            try
            {
                if (!File.Exists(stat) || File.ReadAllText(stat).Split(") ")[1].StartsWith('Z'))
                    return true;
            }
            catch (IOException) { return true; }
            Thread.Sleep(20);
        }
        return false;
    }

    public void Dispose()
    {
        try { _root.Delete(recursive: true); }
        catch (IOException) { }
    }
}
