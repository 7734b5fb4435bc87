using System.Diagnostics;
using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>The same bundle under wharf-runtime, runc and crun gives the same observable results.</summary>
public sealed class InteropTests
{
    private const string Probe =
        "echo pid=$$; hostname; grep -E '^Cap(Eff|Prm|Bnd|Inh)' /proc/self/status; id; touch /x 2>&1; " +
        "awk '{print $2, $3}' /proc/mounts | grep -v '^/sys/fs/cgroup/' | sort; ls /dev | sort | tr '\\n' ' '; echo; " +
        "wc -c < /proc/keys; ulimit -n; exit 4";

    [SkippableFact]
    public void CrunGivesTheSameResults() => Compare("crun");

    [SkippableFact]
    public void RuncGivesTheSameResults() => Compare("runc");

    private static void Compare(string peer)
    {
        Requires.RootAndBinary();
        var peerPath = new[] { "/usr/bin/" + peer, "/usr/sbin/" + peer, "/usr/local/bin/" + peer }.FirstOrDefault(File.Exists);
        Skip.If(peerPath is null, $"{peer} is not installed (apt-get install {peer})");
        using var bundle = new BusyboxBundle("sh", "-c", Probe);
        bundle.Spec.Hostname = "interop";
        var dir = bundle.Write();

        using var wharf = new RuntimeCli();
        var ours = wharf.Run("run", RuntimeCli.NewId("interop"), "--bundle", dir);
        var theirs = RunPeer(peer, peerPath!, dir);
        Assert.Equal(4, ours.ExitCode);
        Assert.Equal(Normalize(theirs.Output), Normalize(ours.Stdout + ours.Stderr));
        Assert.Equal(theirs.ExitCode, ours.ExitCode);
    }

    /// <summary>crun 1.8 refuses hybrid cgroups: run it in a private mount namespace without the v2 mount.</summary>
    private static (int ExitCode, string Output) RunPeer(string peer, string path, string bundle)
    {
        var root = Directory.CreateTempSubdirectory($"wharf-rt-{peer}-").FullName;
        var id = RuntimeCli.NewId(peer);
        try
        {
            var command = $"{path} --root {root} run --bundle {bundle} {id}";
            if (peer == "crun") command = $"umount /sys/fs/cgroup/unified 2>/dev/null; {command}";
            var info = new ProcessStartInfo("unshare", ["-m", "sh", "-c", command + " 2>&1"]) { RedirectStandardOutput = true };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{peer} hung");
            return (process.ExitCode, output.Result);
        }
        finally
        {
            Process.Start(path, ["--root", root, "delete", "--force", id])!.WaitForExit();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Differences that are choices, not behaviour: the masked files' fs type (runc and wharf mask with
    /// the container's /dev/null, crun with the host's) and crun's extra /dev/core link.</summary>
    private static string Normalize(string output)
        => string.Join('\n', output.Split('\n').Select(line =>
            line.StartsWith("/proc/", StringComparison.Ordinal) && line.EndsWith("tmpfs", StringComparison.Ordinal)
                ? line[..line.IndexOf(' ')] + " (masked)"
                : line.Replace("core ", "")));
}
