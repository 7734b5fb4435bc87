using System.Diagnostics;

namespace Wharf.Registry.Tests;

/// <summary>
/// The real docker CLI through a real dockerd (Debian's docker.io), and podman, where installed. dockerd runs
/// with its own data root, socket and no bridge or iptables, so it touches nothing of the host's networking.
/// </summary>
public sealed class DockerCliInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-registry-dockerd-").FullName;

    public void Dispose()
    {
        // dockerd leaves its overlay mounts under the data root only while running; it is stopped before this.
        Directory.Delete(_dir, recursive: true);
    }

    [SkippableFact]
    public async Task DockerPushAndPullThroughDockerd()
    {
        var dockerd = ExternalTool.Find("dockerd");
        var docker = ExternalTool.Find("docker");
        Skip.If(dockerd is null || docker is null, "dockerd (docker.io) is not installed");
        Skip.IfNot(Environment.UserName == "root", "dockerd needs root");
        await using var r = await TestRegistry.StartAsync();
        var socket = Path.Combine(_dir, "docker.sock");
        var daemon = Process.Start(new ProcessStartInfo(dockerd!, [
            "--host", "unix://" + socket, "--data-root", Path.Combine(_dir, "data"), "--exec-root", Path.Combine(_dir, "exec"),
            "--pidfile", Path.Combine(_dir, "docker.pid"), "--bridge", "none", "--iptables=false", "--ip6tables=false",
            "--insecure-registry", r.HostPort]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            string[] H = ["-H", "unix://" + socket];
            for (int i = 0; i < 100 && (await ExternalTool.RunAsync(docker!, [.. H, "version"])).ExitCode != 0; i++) await Task.Delay(200);
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
            daemon.Kill(); // by PID: this test's dockerd only
            await daemon.WaitForExitAsync();
            foreach (var line in File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(_dir)).OrderByDescending(m => m.Length))
                await ExternalTool.RunAsync("/bin/umount", ["-l", line]);
        }
    }

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
