using System.Diagnostics;
using System.Net.Sockets;
using Wharf.TestSupport;

namespace Wharf.Cli.Tests.EndToEnd;

/// <summary>
/// A real wharfd on a private socket, data-root and exec-root under one temp dir, with a busybox image imported
/// through `wharf import`. Dispose removes every container, stops the daemon by PID, unmounts and deletes the dir.
/// </summary>
public sealed class WharfDaemonFixture : IAsyncLifetime
{
    private Process? _daemon;

    public string? SkipReason { get; private set; }
    // short paths: shim sockets live under the exec root and unix socket paths are limited to 108 bytes
    public string Dir { get; } = Directory.CreateTempSubdirectory("wc-").FullName;
    public string Socket => Path.Combine(Dir, "s.sock");
    public string Host => "unix://" + Socket;
    public string Wharf => RepoPaths.Binary("wharf");
    public string DaemonLog => Path.Combine(Dir, "wharfd.log");

    public async Task InitializeAsync()
    {
        if (Environment.UserName != "root") { SkipReason = "end-to-end tests need root (namespaces, mounts, cgroups)"; return; }
        foreach (var bin in new[] { "wharfd", "wharf", "wharf-shim", "wharf-runtime" })
            if (!File.Exists(RepoPaths.Binary(bin))) { SkipReason = $"{RepoPaths.Binary(bin)} is missing: run ./build.sh or set WHARF_BIN"; return; }

        var start = new ProcessStartInfo(RepoPaths.Binary("wharfd"))
        {
            UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true,
        };
        foreach (var a in new[] { "-H", Host, "--data-root", Path.Combine(Dir, "d"), "--exec-root", Path.Combine(Dir, "e"), "--pidfile", Path.Combine(Dir, "wharfd.pid") })
            start.ArgumentList.Add(a);
        _daemon = Process.Start(start)!;
        var log = File.CreateText(DaemonLog);
        log.AutoFlush = true;
        _daemon.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (log) log.WriteLine(e.Data); };
        _daemon.OutputDataReceived += (_, e) => { if (e.Data != null) lock (log) log.WriteLine(e.Data); };
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        for (var i = 0; i < 100 && !await AnswersAsync(); i++) await Task.Delay(100);
        if (!await AnswersAsync()) throw new InvalidOperationException("wharfd did not start:\n" + File.ReadAllText(DaemonLog));

        var tar = Path.Combine(Dir, "busybox.tar");
        var make = Process.Start(new ProcessStartInfo("bash", [RepoPaths.Script("make-busybox-rootfs.sh"), "--tar", tar]) { UseShellExecute = false })!;
        await make.WaitForExitAsync();
        if (make.ExitCode != 0) throw new InvalidOperationException("make-busybox-rootfs.sh failed");
        var import = await WharfAsync(["import", "-c", "CMD [\"sh\"]", tar, "busybox:latest"]);
        if (import.ExitCode != 0) throw new InvalidOperationException("importing busybox failed: " + import);
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(Socket));
            return true;
        }
        catch (SocketException) { return false; }
    }

    public Task<CliResult> WharfAsync(IEnumerable<string> args, string? stdin = null, int timeoutSeconds = 60) =>
        CliRun.RunAsync(Wharf, args, Host, stdin, timeoutSeconds);

    public async Task DisposeAsync()
    {
        if (_daemon != null)
        {
            var ids = await WharfAsync(["ps", "-aq", "--no-trunc"]);
            foreach (var id in ids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                await WharfAsync(["rm", "-f", id]);
            if (!_daemon.HasExited)
            {
                _daemon.Kill(entireProcessTree: false); // SIGKILL: the test owns this daemon
                await _daemon.WaitForExitAsync();
            }
            _daemon.Dispose();
            KillLeftovers();
            Unmount();
        }
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Shims outlive their daemon by design; any process still using our private exec-root is ours to stop.</summary>
    private void KillLeftovers()
    {
        foreach (var proc in Directory.GetDirectories("/proc").Select(Path.GetFileName))
        {
            if (!int.TryParse(proc, out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
                if (cmdline.Contains(Dir, StringComparison.Ordinal)) Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException) { }
        }
    }

    private void Unmount()
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(Dir, StringComparison.Ordinal))
            .OrderByDescending(m => m.Length);
        foreach (var m in mounts)
            Process.Start(new ProcessStartInfo("umount", ["-l", m]) { UseShellExecute = false })!.WaitForExit();
    }
}

[CollectionDefinition("wharfd")]
public sealed class WharfDaemonCollection : ICollectionFixture<WharfDaemonFixture>;
