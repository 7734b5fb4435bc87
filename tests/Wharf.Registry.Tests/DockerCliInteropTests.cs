using System.Diagnostics;

namespace Wharf.Registry.Tests;

/// <summary>
/// The real docker CLI through a real dockerd (Debian's docker.io), and podman, where installed. dockerd runs
/// with its own data root, socket and no bridge or iptables, so it touches nothing of the host's networking.
/// </summary>
public sealed class DockerCliInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-registry-dockerd-").FullName;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _daemonLog = new();

    public void Dispose()
    {
        // dockerd leaves its overlay mounts under the data root only while running; it is stopped before this.
        Directory.Delete(_dir, recursive: true);
    }

    [SkippableFact]
    public async Task DockerPushAndPullThroughDockerd()
    {
        var dockerd = ExternalTool.Find("dockerd");
        // Debian's CLI matches its dockerd (20.10); a newer CLI elsewhere on PATH may not speak to it.
        var docker = File.Exists(DebianDockerCli) ? DebianDockerCli : ExternalTool.Find("docker");
        Skip.If(dockerd is null || docker is null, "dockerd (docker.io) is not installed");
        Skip.IfNot(Environment.UserName == "root", "dockerd needs root");
        await using var r = await TestRegistry.StartAsync();
        var socket = Path.Combine(_dir, "docker.sock");
        var daemon = Process.Start(new ProcessStartInfo(dockerd!, [
            "--host", "unix://" + socket, "--data-root", Path.Combine(_dir, "data"), "--exec-root", Path.Combine(_dir, "exec"),
            "--pidfile", Path.Combine(_dir, "docker.pid"), "--bridge", "none", "--iptables=false", "--ip6tables=false",
            "--insecure-registry", r.HostPort]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        // Drained, or dockerd blocks once its log fills the pipe; kept for the failure message.
        daemon.ErrorDataReceived += (_, e) => { if (e.Data is not null) _daemonLog.Enqueue(e.Data); };
        daemon.OutputDataReceived += (_, e) => { if (e.Data is not null) _daemonLog.Enqueue(e.Data); };
        daemon.BeginErrorReadLine();
        daemon.BeginOutputReadLine();
        try
        {
            string[] H = ["-H", "unix://" + socket];
            await WaitForDaemonAsync(docker!, H, daemon);
            var tar = Path.Combine(_dir, "rootfs.tar");
            await File.WriteAllBytesAsync(tar, OciLayoutBuilder.BusyboxRootfsTar());
            var image = $"{r.HostPort}/docker/busybox:v1";
            await ExternalTool.RunCheckedAsync(docker!, [.. H, "import", tar, image]);
            var push = await ExternalTool.RunCheckedAsync(docker!, [.. H, "push", image]);
            Assert.Contains("digest: sha256:", push);
            await ExternalTool.RunCheckedAsync(docker!, [.. H, "rmi", image]);
            await ExternalTool.RunCheckedAsync(docker!, [.. H, "pull", image]);
            var run = await ExternalTool.RunCheckedAsync(docker!, [.. H, "run", "--rm", "--network", "none", image, "/bin/echo", "pulled-ok"]);
            Assert.Contains("pulled-ok", run);
        }
        finally
        {
            await StopAsync(daemon);
            foreach (var line in File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(_dir)).OrderByDescending(m => m.Length))
                await ExternalTool.RunAsync("/bin/umount", ["-l", line]);
        }
    }

    private const string DebianDockerCli = "/usr/bin/docker";

    /// <summary>Polls until the daemon answers; a loaded machine can take many seconds to start one.</summary>
    private async Task WaitForDaemonAsync(string docker, string[] host, Process daemon)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while ((await ExternalTool.RunAsync(docker, [.. host, "version"])).ExitCode != 0)
        {
            Assert.False(daemon.HasExited, $"dockerd exited while starting: {string.Join('\n', _daemonLog.TakeLast(20))}");
            Assert.True(DateTime.UtcNow < deadline, $"dockerd did not answer within 90 s: {string.Join('\n', _daemonLog.TakeLast(20))}");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// SIGTERM, so dockerd stops the containerd it started; SIGKILL (by PID) only if it hangs, and then
    /// that containerd by the PID in its pid file, since nothing else would stop it.
    /// </summary>
    private async Task StopAsync(Process daemon)
    {
        if (!daemon.HasExited) Signal(daemon.Id, 15);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await daemon.WaitForExitAsync(grace.Token); }
        catch (OperationCanceledException)
        {
            daemon.Kill();
            await daemon.WaitForExitAsync();
        }
        var containerdPid = Path.Combine(_dir, "exec", "containerd", "containerd.pid");
        if (File.Exists(containerdPid) && int.TryParse(File.ReadAllText(containerdPid).Trim(), out var pid)
            && File.Exists($"/proc/{pid}/comm") && File.ReadAllText($"/proc/{pid}/comm").Trim() == "containerd")
            Signal(pid, 9);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Signal(int pid, int signal);

    [SkippableFact]
    public async Task PodmanPushAndPull()
    {
        var podman = ExternalTool.Find("podman");
        Skip.If(podman is null, "podman is not installed");
        await using var r = await TestRegistry.StartAsync();
        string[] store = ["--root", Path.Combine(_dir, "podman-root"), "--runroot", Path.Combine(_dir, "podman-run")];
        var tar = Path.Combine(_dir, "rootfs.tar");
        await File.WriteAllBytesAsync(tar, OciLayoutBuilder.BusyboxRootfsTar());
        var image = $"{r.HostPort}/podman/busybox:v1";
        await ExternalTool.RunCheckedAsync(podman!, [.. store, "import", tar, image]);
        await ExternalTool.RunCheckedAsync(podman!, [.. store, "push", "--tls-verify=false", image]);
        await ExternalTool.RunCheckedAsync(podman!, [.. store, "rmi", image]);
        await ExternalTool.RunCheckedAsync(podman!, [.. store, "pull", "--tls-verify=false", image]);
        var inspect = await ExternalTool.RunCheckedAsync(podman!, [.. store, "image", "inspect", "--format", "{{.Digest}}", image]);
        Assert.StartsWith("sha256:", inspect.Trim());
        // Only this test's own store (its --root): a "system reset" would also touch the host's networks.
        await ExternalTool.RunAsync(podman!, [.. store, "rmi", "--all", "--force"]);
    }
}
